//! Vulnerability matching.
