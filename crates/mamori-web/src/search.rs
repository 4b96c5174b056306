//! Asset search: every asset's lower-cased search text (`views::search_text`) in one
//! contiguous buffer, one line per asset, scanned with a SIMD substring finder.
//!
//! One buffer instead of 50,000 small strings keeps the scan in cache-friendly memory and
//! lets the finder run across assets; after a hit the scan jumps to the next asset, so a word
//! that matches nearly everything (an address prefix such as `10.1`) costs one short search
//! per asset rather than one per occurrence.

use std::sync::{Arc, Mutex};

use memchr::memmem::Finder;

/// How many recent searches each snapshot remembers (paging through a search, or many
/// people looking for the same thing, reuse its matches; ~50 KB each at 50,000 assets).
const RECENT_SEARCHES: usize = 32;

/// The search texts of a ledger's assets, in ledger order.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The texts, each followed by `\n` (which no text and no search word contains).
    buffer: String,
    /// Where each asset's text starts; one more entry: the buffer's length.
    starts: Vec<usize>,
    /// Recent searches and their matches, most recent last.
    recent: Mutex<Vec<(String, Arc<Vec<bool>>)>>,
}

impl SearchIndex {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut buffer = String::new();
        let mut starts = Vec::new();
        for text in texts {
            starts.push(buffer.len());
            // A line break inside a field would let a hit run into the next asset.
            buffer.extend(text.chars().map(|c| if c == '\n' { '\u{1f}' } else { c }));
            buffer.push('\n');
        }
        starts.push(buffer.len());
        Self {
            buffer,
            starts,
            recent: Mutex::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The search text of asset `index`.
    pub fn text(&self, index: usize) -> Option<&str> {
        let start = *self.starts.get(index)?;
        let end = *self.starts.get(index + 1)?;
        self.buffer.get(start..end - 1)
    }

    /// [`Self::matching`], remembered for the snapshot's life (the texts never change).
    pub fn matching_cached(&self, needle: &str) -> Option<Arc<Vec<bool>>> {
        let key = needle.split_whitespace().collect::<Vec<_>>().join(" ");
        if key.is_empty() {
            return None;
        }
        if let Ok(mut recent) = self.recent.lock()
            && let Some(at) = recent.iter().position(|(k, _)| *k == key)
        {
            let entry = recent.remove(at);
            let hits = Arc::clone(&entry.1);
            recent.push(entry);
            return Some(hits);
        }
        let hits = Arc::new(self.matching(&key)?);
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() >= RECENT_SEARCHES {
                recent.remove(0);
            }
            recent.push((key, Arc::clone(&hits)));
        }
        Some(hits)
    }

    /// Which assets contain every whitespace-separated word of `needle` (already
    /// lower-cased); `None` when there is no word, meaning every asset.
    pub fn matching(&self, needle: &str) -> Option<Vec<bool>> {
        let mut result: Option<Vec<bool>> = None;
        for word in needle.split_whitespace() {
            let hits = self.hits(word);
            result = Some(match result {
                None => hits,
                Some(mut all) => {
                    all.iter_mut().zip(hits).for_each(|(a, b)| *a &= b);
                    all
                }
            });
        }
        result
    }

    fn hits(&self, word: &str) -> Vec<bool> {
        let mut hits = vec![false; self.len()];
        let haystack = self.buffer.as_bytes();
        let finder = Finder::new(word.as_bytes());
        let mut position = 0;
        let mut asset = 0;
        while let Some(found) = haystack.get(position..).and_then(|rest| finder.find(rest)) {
            let at = position + found;
            while self.starts[asset + 1] <= at {
                asset += 1;
            }
            hits[asset] = true;
            position = self.starts[asset + 1];
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_within_one_asset_only() {
        let index = SearchIndex::new([
            "a-1\u{1f}server 10.1.2.3",
            "b-2\u{1f}ct 10.2.1.1",
            "c-3\u{1f}emr\nnote",
            "",
        ]);
        assert_eq!(index.len(), 4);
        assert_eq!(index.text(2), Some("c-3\u{1f}emr\u{1f}note"));
        assert_eq!(index.text(3), Some(""));
        assert_eq!(index.text(4), None);
        let check = |needle: &str, expected: Option<Vec<bool>>| {
            assert_eq!(index.matching(needle), expected, "{needle:?}");
        };
        check("", None);
        check("   ", None);
        check("10.", Some(vec![true, true, false, false]));
        check("10.1", Some(vec![true, false, false, false]));
        check("1.1", Some(vec![false, true, false, false]));
        check("10. ct", Some(vec![false, true, false, false]));
        check("c-3", Some(vec![false, false, true, false]));
        // No hit across two assets' texts, nor across the replaced line break.
        check("3b-2", Some(vec![false; 4]));
        check("emr note", Some(vec![false, false, true, false]));
        check("zzz", Some(vec![false; 4]));
        // The remembered answer is the computed one, for the same words however spaced.
        for needle in ["10.", " 10.  ct ", "zzz", "emr note"] {
            let first = index.matching_cached(needle).map(|hits| hits.to_vec());
            assert_eq!(first, index.matching(needle), "{needle:?}");
            let again = index.matching_cached(&format!("  {needle} "));
            assert_eq!(again.map(|hits| hits.to_vec()), first, "{needle:?}");
        }
        assert_eq!(index.matching_cached("  "), None);
        assert!(SearchIndex::new([]).is_empty());
        assert_eq!(SearchIndex::new([]).matching("a"), Some(vec![]));
    }
}
