//! Gap checker: finds figures and text a draft still waits for.

pub mod model;
