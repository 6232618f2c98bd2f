//! The OAuth connection and the stats sync against the local WakaTime stand-in, over real HTTP on
//! loopback, with a real SQLite file.

mod support;

mod answer_size;
mod api_key;
mod api_root;
mod app_change;
mod connect;
mod disconnect;
mod history;
mod parts;
mod pinned;
mod pinned_clock;
mod project;
mod refresh;
mod servers;
mod shared_computer;
mod sync;
mod today;
mod wakatime_cfg;
mod zone_change;
mod zones;
