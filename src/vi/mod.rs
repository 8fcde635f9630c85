//! Everything Vietnamese: number and date formats, numbers in words, case.
//!
//! The functions are pure and never panic. Template filters map onto them:
//!
//! | Filter      | Function                                     |
//! |-------------|----------------------------------------------|
//! | `so`        | [`format_number`]                            |
//! | `hai_so`    | [`format_two_digits`]                        |
//! | `phan_tram` | [`format_percent`]                           |
//! | `ti_le`     | [`ratio_percent`]                            |
//! | `chu`       | [`capitalize_first`] of [`number_in_words`]  |
//! | `tien_chu`  | [`amount_in_words`]                          |
//! | `ngay`      | [`date_long`] of [`parse_date`]              |
//! | `ngay_so`   | [`date_short`] of [`parse_date`]             |
//! | `hoa`       | [`upper`]                                    |
//!
//! Values that arrive as strings are read with [`parse_number`]. Text typed
//! in the old 8-bit encodings (TCVN3, VNI) is decoded by [`decode_legacy_text`].

mod case;
mod date;
mod legacy;
mod number;
mod suggest;
mod words;

pub use case::{bare, capitalize_first, upper};
pub use date::{date_long, date_short, parse_date, Date};
pub use legacy::{
    data_is_tcvn3, decode_legacy_text, has_vietnamese_letters, legacy_font, LegacyEncoding,
    LegacyFont, TCVN3_DATA_FIX,
};
pub use number::{
    format_number, format_percent, format_short, format_two_digits, parse_number, ratio_percent,
    written_decimals,
};
pub use suggest::did_you_mean;

/// The mark written where a value is missing: the ellipsis Vietnamese
/// drafts leave for a figure still to come.
pub const GAP_MARKER: &str = "…";
pub use words::{amount_in_words, number_in_words};
