//! Limits that keep a hostile file from exhausting memory or time.
//!
//! The other caps against hostile input live where the input is read:
//! element nesting in [`crate::xml::MAX_DEPTH`] and section nesting in the
//! template compiler (32 levels); both are listed in the README's "Limits".

/// Caps applied when reading a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most entries a package may have.
    pub max_entries: usize,
    /// Most bytes all entries may expand to, in total.
    pub max_total_uncompressed: u64,
    /// Most bytes one part that the engine reads may expand to.
    pub max_part_size: u64,
    /// Largest expansion ratio (uncompressed / compressed) allowed for an
    /// entry bigger than [`Limits::ratio_floor`].
    pub max_ratio: u64,
    /// Entries smaller than this are never refused for their ratio.
    pub ratio_floor: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_total_uncompressed: 1 << 30,
            max_part_size: 256 << 20,
            max_ratio: 200,
            ratio_floor: 4 << 20,
        }
    }
}
