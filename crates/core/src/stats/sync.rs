//! Bringing a user's stats cache up to date, in the user's own days.
//!
//! A sync first settles the zone: the one learned when connecting, the profile asked
//! again when a day has passed (`users/current`, one request). Every summaries request
//! names that zone (`timezone=`), and the first answer is checked against it: a server
//! that answers in another zone (Wakapi may ignore the parameter) is asked for its
//! profile again, and the zone its days really begin in is adopted. Which days to fetch
//! comes from `plan`; a cache in another zone than the user's is fetched again and
//! replaced, so no day is counted twice and none is lost. Each window is committed as
//! it arrives (with how far an interrupted sync in parts got, so the next one resumes
//! there). A refusal for age finds the plan's depth (`history`) and remembers it. Then
//! the all-time total. An incremental sync is two requests; three when the daily
//! profile check falls due.

use std::collections::VecDeque;

use serde::Serialize;
use time::Date;

use super::account_zone;
use super::dates;
use super::day_date::answer_is_in;
use super::history;
use super::plan::{self, Window, PART_DAYS};
use super::retry::{Pacer, RetryPolicy};
use super::sync_commit::{Kind, Writer};
use super::zone::UserZone;
use crate::clock::Clock;
use crate::connections::ApiAccess;
use crate::db::wakatime_zone_table::ZoneRow;
use crate::db::SharedDatabase;
use crate::wakatime::{Answer, DaySummary};
use crate::{Error, Result};

pub use super::plan::{HISTORY_DAYS, MAX_WINDOW_DAYS};

/// The least time between two checks of the profile prompted by days in another zone.
const RECHECK_AFTER_SECS: i64 = 60 * 60;
pub use super::sync_commit::{ALL_TIME, MAX_DAY_SECONDS};

/// Where a sync is, for a progress display: part `window` of `windows`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "camelCase")]
pub enum SyncStep {
    Summaries {
        from: String,
        to: String,
        window: u32,
        windows: u32,
    },
    AllTime,
    Saving,
}

/// What a finished sync did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub days_fetched: usize,
    /// Requests made, retries of the same request not counted.
    pub requests: u32,
    /// Set when WakaTime is still calculating: cached figures stay, try again later.
    pub calculating_percent: Option<f64>,
}

/// Syncs `user_id`'s cache in `db` up to the user's today (see [`dates::today`]),
/// calling their API through `api`.
pub async fn sync(
    db: &SharedDatabase,
    api: &ApiAccess<'_>,
    user_id: i64,
    clock: &dyn Clock,
    policy: RetryPolicy,
    progress: &(dyn Fn(SyncStep) + Send + Sync),
) -> Result<SyncReport> {
    let mut writer = Writer::open(db, user_id, clock.unix())?;
    let outcome = match api.is_self_hosted(user_id) {
        Ok(in_parts) => {
            let mut run = Run {
                api,
                user_id,
                clock,
                pacer: Pacer::new(policy),
                progress,
                report: SyncReport {
                    days_fetched: 0,
                    requests: 0,
                    calculating_percent: None,
                },
                zone: UserZone::utc(),
                profile: None,
                in_parts,
                writer: &mut writer,
            };
            run.all().await.map(|()| run.report)
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(report) => Ok(report),
        Err(e) => {
            // Disconnected meanwhile: the trigger already cleared the cache and state.
            if !matches!(e, Error::ReconnectNeeded | Error::NotConnected) {
                writer.record_failure(&e)?;
            }
            Err(e)
        }
    }
}

/// One sync's requests and what it learned.
struct Run<'r, 'c> {
    api: &'r ApiAccess<'c>,
    user_id: i64,
    clock: &'r dyn Clock,
    pacer: Pacer,
    progress: &'r (dyn Fn(SyncStep) + Send + Sync),
    report: SyncReport,
    zone: UserZone,
    /// What the profile said, when it was asked during this sync.
    profile: Option<Option<String>>,
    /// A server where long requests are slow: history comes in parts.
    in_parts: bool,
    writer: &'r mut Writer,
}

/// How fetching in one zone ended.
enum Fetched {
    Done,
    /// The server's days are another zone's: fetch again in it.
    OtherZone(UserZone),
}

impl Run<'_, '_> {
    async fn all(&mut self) -> Result<()> {
        self.zone = self.settle_zone().await?;
        // At most one change of zone per sync, so a confused server cannot loop it.
        for _ in 0..2 {
            match self.fetch_days().await? {
                Fetched::Done => break,
                Fetched::OtherZone(zone) => {
                    self.writer.zone.zone = zone.name().to_owned();
                    self.zone = zone;
                }
            }
        }
        (self.progress)(SyncStep::AllTime);
        let all_time = self.all_time().await?;
        (self.progress)(SyncStep::Saving);
        self.writer
            .finish(all_time.as_deref(), self.report.calculating_percent)
    }

    /// The zone to ask in: the profile's when it is due for a check, else the learned
    /// one, else the operating system's.
    async fn settle_zone(&mut self) -> Result<UserZone> {
        let now = self.clock.unix();
        let stored = self.writer.stored_zone.clone();
        let learned = account_zone::learned(stored.as_ref());
        let zone = if account_zone::check_due(stored.as_ref(), now) {
            let reported = self.ask_profile().await?;
            account_zone::from_profile(reported.as_deref()).or(learned)
        } else {
            learned
        };
        let zone = zone.unwrap_or_else(UserZone::system);
        self.writer.zone = ZoneRow {
            zone: zone.name().to_owned(),
            checked_at: if self.profile.is_some() {
                now
            } else {
                stored.as_ref().map_or(now, |s| s.checked_at)
            },
            answer_label: stored.and_then(|s| s.answer_label),
        };
        Ok(zone)
    }

    /// `users/current` → `timezone`; a profile the credential may not read (403) or
    /// cannot be read says nothing, which is not a failure.
    async fn ask_profile(&mut self) -> Result<Option<String>> {
        self.report.requests += 1;
        let user_id = self.user_id;
        let api = self.api;
        let me = self
            .pacer
            .run(|| api.with_endpoint(user_id, |w| async move { w.current_user().await }))
            .await;
        let reported = match me {
            Ok(me) => me.timezone,
            Err(Error::WakatimeNotAvailable { .. } | Error::WakatimeResponseInvalid { .. }) => None,
            Err(e) => return Err(e),
        };
        self.profile = Some(reported.clone());
        self.writer.zone.checked_at = self.clock.unix();
        Ok(reported)
    }

    async fn fetch_days(&mut self) -> Result<Fetched> {
        let today = dates::today(self.clock, &self.zone);
        let plan = plan::plan(&self.writer.state, self.zone.name(), today, self.in_parts);
        let kind_of = |i: usize| match (plan.replace, self.in_parts) {
            (true, true) => Kind::Part,
            (true, false) => Kind::Whole,
            (false, _) if i >= plan.backfill_from => Kind::Part,
            (false, _) => Kind::Recent,
        };
        let mut queue: VecDeque<(Window, Kind)> = plan
            .windows
            .iter()
            .enumerate()
            .map(|(i, w)| (*w, kind_of(i)))
            .collect();
        let mut replace = plan.replace;
        let mut first_answer = true;
        let mut done = 0u32;
        while let Some(((from, to), kind)) = queue.pop_front() {
            done += 1;
            self.step(from, to, done, done + queue.len() as u32);
            let long = (to - from).whole_days() + 1 > PART_DAYS;
            let days = match self.summaries(from, to, long).await {
                Ok(days) => days,
                Err(Error::WakatimeHistoryRefused) => {
                    let accepted = (today - to).whole_days();
                    let refused = (today - from).whole_days() + 1;
                    self.find_history(accepted, refused, today, replace, done)
                        .await?;
                    return Ok(Fetched::Done);
                }
                // A long request that timed out or failed: the same days in parts.
                Err(Error::WakatimeServerError { .. } | Error::WakatimeUnreachable { .. })
                    if long =>
                {
                    for part in plan::parts(from, to).into_iter().rev() {
                        queue.push_front((part, Kind::Part));
                    }
                    done -= 1;
                    continue;
                }
                Err(e) => return Err(e),
            };
            if std::mem::take(&mut first_answer) {
                if let Some(zone) = self.other_zone(&days).await? {
                    return Ok(Fetched::OtherZone(zone));
                }
            }
            self.save(&days, (from, to), today, kind, replace)?;
            replace = false;
        }
        Ok(Fetched::Done)
    }

    /// After a refusal for age: the deepest depth the server accepts, between
    /// `accepted` (days already fetched, counting back from today) and `refused`; each
    /// accepted probe fetches only the days it adds. The depth is remembered.
    async fn find_history(
        &mut self,
        mut accepted: i64,
        mut refused: i64,
        today: Date,
        mut replace: bool,
        mut done: u32,
    ) -> Result<()> {
        while let Some(depth) = history::next_depth(accepted, refused) {
            let from = dates::days_before(today, depth - 1);
            let to = dates::days_before(today, accepted);
            done += 1;
            self.step(from, to, done, done);
            match self.summaries(from, to, false).await {
                Ok(days) => {
                    self.save(&days, (from, to), today, Kind::Part, replace)?;
                    replace = false;
                    accepted = depth;
                }
                Err(Error::WakatimeHistoryRefused) => refused = depth,
                Err(e) => return Err(e),
            }
        }
        if accepted == 0 {
            // Not even today: whatever this is, it is not the age of the days.
            return Err(Error::WakatimeNotAvailable {
                what: "users/current/summaries".into(),
            });
        }
        self.writer.history_found(accepted)
    }

    /// When the answer's days do not begin at the zone's midnights, the zone they do
    /// begin in: the profile's, the one the answer names, or the operating system's.
    /// The profile is asked again when the answer names its zone otherwise than last
    /// time, or it was last asked over an hour ago (Wakapi names its server's zone
    /// whatever the user's, so a user who moved shows only in the days themselves).
    async fn other_zone(&mut self, days: &[DaySummary]) -> Result<Option<UserZone>> {
        let label = days.iter().rev().find_map(|d| d.range.timezone.clone());
        let last_label = std::mem::replace(&mut self.writer.zone.answer_label, label.clone());
        if answer_is_in(days, &self.zone) != Some(false) {
            return Ok(None);
        }
        let asked_lately = self.clock.unix() - self.writer.zone.checked_at < RECHECK_AFTER_SECS;
        if self.profile.is_none() && (label != last_label || !asked_lately) {
            self.ask_profile().await?;
        }
        let profile = self.profile.clone().flatten();
        let candidates = [
            account_zone::from_profile(profile.as_deref()),
            label.as_deref().and_then(UserZone::named),
            Some(UserZone::system()),
        ];
        Ok(candidates
            .into_iter()
            .flatten()
            .find(|zone| *zone != self.zone && answer_is_in(days, zone) == Some(true)))
    }

    fn save(
        &mut self,
        days: &[DaySummary],
        window: Window,
        today: Date,
        kind: Kind,
        replace: bool,
    ) -> Result<()> {
        let saved = self
            .writer
            .save_window(days, &self.zone, window, today, kind, replace)?;
        self.report.days_fetched += saved;
        Ok(())
    }

    fn step(&self, from: Date, to: Date, window: u32, windows: u32) {
        (self.progress)(SyncStep::Summaries {
            from: dates::format(from),
            to: dates::format(to),
            window,
            windows,
        });
    }

    /// One summaries request in the user's zone; `once`: a failure is not retried.
    async fn summaries(&mut self, from: Date, to: Date, once: bool) -> Result<Vec<DaySummary>> {
        self.report.requests += 1;
        let (from, to) = (dates::format(from), dates::format(to));
        let zone = self.zone.name().to_owned();
        let (api, user_id) = (self.api, self.user_id);
        let request = || {
            let (from, to, zone) = (from.clone(), to.clone(), zone.clone());
            api.with_endpoint(user_id, move |wakatime| {
                let (from, to, zone) = (from.clone(), to.clone(), zone.clone());
                async move { wakatime.summaries(&from, &to, &zone).await }
            })
        };
        let answer = if once {
            self.pacer.run_without_failure_retries(request).await?
        } else {
            self.pacer.run(request).await?
        };
        Ok(match answer {
            Answer::Ready(s) => s.data,
            Answer::Calculating { body, percent } => {
                self.report.calculating_percent = Some(percent.unwrap_or(0.0));
                body.map(|s| s.data).unwrap_or_default()
            }
        })
    }

    /// The all-time total as a snapshot to keep, None when there is none to keep.
    async fn all_time(&mut self) -> Result<Option<String>> {
        self.report.requests += 1;
        let (api, user_id) = (self.api, self.user_id);
        let answer = self
            .pacer
            .run(|| {
                api.with_endpoint(user_id, |wakatime| async move {
                    wakatime.all_time_since_today().await
                })
            })
            .await;
        match answer {
            Ok(Answer::Ready(a)) => Ok(Some(
                serde_json::json!({"total_seconds": a.total_seconds, "text": a.text}).to_string(),
            )),
            Ok(Answer::Calculating { percent, .. }) => {
                self.report
                    .calculating_percent
                    .get_or_insert(percent.unwrap_or(0.0));
                Ok(None)
            }
            // Some servers lack this endpoint; the dashboard simply omits the figure.
            Err(Error::WakatimeNotAvailable { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
