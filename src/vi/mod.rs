//! Everything Vietnamese: number and date formats, numbers in words, case.
