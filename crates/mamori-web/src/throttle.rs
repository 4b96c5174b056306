//! Login throttling: failed attempts are counted per client address and per login name;
//! after a few failures each further failure doubles the wait, up to a ceiling. Both keys
//! matter: per address stops one machine guessing many accounts, per login stops many
//! machines guessing one account. Kept in memory: a restart forgets, which is acceptable
//! because the argon2 cost still bounds guessing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::state::lock;

/// Failures allowed before waiting starts.
const FREE_FAILURES: u32 = 5;
/// The longest wait.
const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Beyond this many tracked keys, keys that are not blocked are forgotten.
const MAX_KEYS: usize = 10_000;

#[derive(Debug, Default)]
pub struct Throttle {
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    blocked_until: Option<Instant>,
}

impl Throttle {
    /// `Err(wait)` when any key is blocked at `now`.
    pub fn check(&self, keys: &[String], now: Instant) -> Result<(), Duration> {
        let entries = lock(&self.entries);
        let wait = keys
            .iter()
            .filter_map(|key| entries.get(key)?.blocked_until)
            .filter(|until| *until > now)
            .map(|until| until - now)
            .max();
        match wait {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    pub fn failed(&self, keys: &[String], now: Instant) {
        let mut entries = lock(&self.entries);
        if entries.len() > MAX_KEYS {
            entries.retain(|_, entry| entry.blocked_until.is_some_and(|until| until > now));
        }
        for key in keys {
            let entry = entries.entry(key.clone()).or_insert(Entry {
                failures: 0,
                blocked_until: None,
            });
            entry.failures = entry.failures.saturating_add(1);
            if entry.failures >= FREE_FAILURES {
                entry.blocked_until = Some(now + wait_after(entry.failures));
            }
        }
    }

    pub fn succeeded(&self, keys: &[String]) {
        let mut entries = lock(&self.entries);
        for key in keys {
            entries.remove(key);
        }
    }
}

/// 1 s after the fifth failure, then doubling, capped at [`MAX_WAIT`].
fn wait_after(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(FREE_FAILURES).min(20);
    Duration::from_secs(1_u64 << doublings).min(MAX_WAIT)
}

/// The keys of one login attempt.
pub fn keys(client: &str, login: &str) -> Vec<String> {
    vec![
        format!("ip:{client}"),
        format!("user:{}", login.to_lowercase()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_free_failures_and_success_resets() {
        let throttle = Throttle::default();
        let now = Instant::now();
        let keys = keys("127.0.0.1", "Admin");
        for _ in 0..FREE_FAILURES - 1 {
            throttle.failed(&keys, now);
        }
        assert_eq!(throttle.check(&keys, now), Ok(()));
        throttle.failed(&keys, now);
        assert_eq!(throttle.check(&keys, now), Err(Duration::from_secs(1)));
        throttle.failed(&keys, now);
        assert_eq!(throttle.check(&keys, now), Err(Duration::from_secs(2)));
        assert_eq!(throttle.check(&keys, now + Duration::from_secs(3)), Ok(()));
        // Another address trying the same login is still blocked.
        let other = super::keys("10.0.0.9", "admin");
        assert!(throttle.check(&other, now).is_err());
        throttle.succeeded(&keys);
        assert_eq!(throttle.check(&keys, now), Ok(()));
    }

    #[test]
    fn wait_is_capped() {
        assert_eq!(wait_after(5), Duration::from_secs(1));
        assert_eq!(wait_after(8), Duration::from_secs(8));
        assert_eq!(wait_after(100), MAX_WAIT);
    }
}
