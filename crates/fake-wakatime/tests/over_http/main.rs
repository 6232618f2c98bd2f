//! Tests of the stand-in over real HTTP on loopback (and of its model, `model`), one
//! module per concern, in one test binary so the workspace links it once.
#![forbid(unsafe_code)]

mod authorize_errors;
mod binary;
mod clock;
mod code_flow;
mod flavors;
mod hackatime;
mod model;
mod model_zones;
mod plans;
mod recording;
mod server_handle;
mod stats;
mod stats_switches;
mod summaries;
mod support;
mod switches;
mod token_errors;
mod token_lifecycle;
mod wakapi;
mod zones;
