//! "Có phải ý bạn là …?": the closest known name to a mistyped one.

/// The sentence suggesting the known name closest to `name` (Jaro-Winkler
/// similarity above 0.7), e.g. ` Có phải ý bạn là "ke-hoach"?` with a
/// leading space, or an empty string when no name is close enough.
pub fn did_you_mean(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.7)
        .map(|(_, k)| format!(" Có phải ý bạn là \"{k}\"?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name_or_nothing() {
        let known = ["ke-hoach", "de-cuong-bao-cao", "bao-cao-so-ket"];
        assert_eq!(
            did_you_mean("ke-hoch", &known),
            " Có phải ý bạn là \"ke-hoach\"?"
        );
        assert_eq!(did_you_mean("xyz", &known), "");
    }
}
