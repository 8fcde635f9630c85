//! `vanban check --rules format`: the national format of Nghị định
//! 30/2020/NĐ-CP, on documents built to break one rule at a time, on a
//! conforming one, on the pack's samples and on the seeds.

mod common;

use vanban::{CheckOptions, FormatRule, Kind};

fn format_rules() -> CheckOptions {
    CheckOptions::from_rules("format").unwrap()
}

/// The (rule, message) of every format finding of a .docx.
fn findings(docx: &[u8]) -> Vec<(FormatRule, String)> {
    let report = vanban::check_bytes(docx, &format_rules()).unwrap();
    report
        .findings()
        .iter()
        .map(|f| {
            assert_eq!(f.kind(), Kind::Format);
            assert_eq!(f.severity(), vanban::Severity::Warning);
            (
                f.rule().expect("a format finding names its rule"),
                f.message().to_string(),
            )
        })
        .collect()
}

/// A run in Times New Roman of `size` half-points.
fn run(text: &str, size: u32) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#
    )
}

fn para(text: &str, size: u32) -> String {
    format!("<w:p>{}</w:p>", run(text, size))
}

fn cell(paras: &[(&str, u32)]) -> String {
    let inner: String = paras.iter().map(|(t, s)| para(t, *s)).collect();
    format!("<w:tc>{inner}</w:tc>")
}

/// A kế hoạch laid out as the decree asks: header table, title, body
/// ending in "./.", and the ending table with "Nơi nhận" and the signer.
fn conforming_body() -> String {
    let header = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell(&[
            ("TỔNG LĐLĐ VIỆT NAM", 26),
            ("LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK", 26),
            ("Số: 07/KH-LĐLĐ", 26),
        ]),
        cell(&[
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24),
            ("Độc lập - Tự do - Hạnh phúc", 26),
            ("Đắk Lắk, ngày 05 tháng 01 năm 2024", 28),
        ]),
    );
    let ending = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell(&[
            ("Nơi nhận:", 24),
            ("- Như trên;", 22),
            ("- Lưu: VT, VP.", 22),
        ]),
        cell(&[
            ("TM. BAN THƯỜNG VỤ", 28),
            ("PHÓ CHỦ TỊCH", 28),
            ("Nguyễn Thị Lý", 28),
        ]),
    );
    format!(
        "{header}{}{}{}{}{ending}",
        para("KẾ HOẠCH", 28),
        para("Sơ kết giữa nhiệm kỳ", 28),
        para("I. MỤC ĐÍCH, YÊU CẦU", 28),
        para(
            "Ban Thường vụ yêu cầu các cấp công đoàn thực hiện nghiêm túc./.",
            28
        ),
    )
}

const SECT: &str = r#"<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#;
const SECT_A4: &str = r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/></w:sectPr>"#;

/// The document of `body`, its page A4 with margins 20/20/30/15 mm
/// unless `sect` says otherwise.
fn document(body: &str, sect: &str) -> Vec<u8> {
    let docx = common::Docx::body(body).bytes();
    common::rewrite_zip(
        &docx,
        |name, data| {
            if name != "word/document.xml" {
                return Some(data);
            }
            let xml = String::from_utf8(data).unwrap();
            assert!(xml.contains(SECT));
            Some(xml.replace(SECT, sect).into_bytes())
        },
        &[],
    )
}

#[test]
fn a_conforming_document_has_no_format_findings() {
    assert_eq!(findings(&document(&conforming_body(), SECT_A4)), vec![]);
    // The gap checks, the default, do not run the format rules.
    let letter = document(
        &conforming_body(),
        r#"<w:pgSz w:w="12240" w:h="15840"/></w:sectPr>"#,
    );
    let report = vanban::check_bytes(&letter, &CheckOptions::default()).unwrap();
    assert!(report.findings().iter().all(|f| f.kind() != Kind::Format));
    let both = CheckOptions::from_rules("gaps,format").unwrap();
    let report = vanban::check_bytes(&letter, &both).unwrap();
    assert_eq!(report.findings().len(), 1);
    let json = report.to_json("a.docx");
    assert_eq!(json["findings"][0]["kind"], "format");
    assert_eq!(json["findings"][0]["rule"], "page-size");
    assert_eq!(json["findings"][0]["severity"], "warning");
}

/// Each rule broken alone gives exactly one finding, of that rule, whose
/// message says what the decree requires and what the document has.
#[test]
fn each_rule_broken_alone() {
    let body = conforming_body();
    let swap = |from: &str, to: &str| {
        assert!(body.contains(from), "{from}");
        body.replacen(from, to, 1)
    };
    let cases: Vec<(FormatRule, Vec<u8>, &[&str])> = vec![
        (
            FormatRule::PageSize,
            document(
                &body,
                r#"<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/></w:sectPr>"#,
            ),
            &["A4 (210 x 297 mm)", "215,9 x 279,4 mm"],
        ),
        (
            FormatRule::Margin,
            document(
                &body,
                r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1440"/></w:sectPr>"#,
            ),
            &["trái 30–35 mm", "lề trái 25,4 mm"],
        ),
        (
            FormatRule::Font,
            document(
                &swap(
                    r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Ban Thường"#,
                    r#"<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Ban Thường"#,
                ),
                SECT_A4,
            ),
            &["Times New Roman", "«Arial» ở 1 đoạn"],
        ),
        (
            FormatRule::FontSize,
            document(
                &swap(
                    r#"<w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Ban Thường"#,
                    r#"<w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">Ban Thường"#,
                ),
                SECT_A4,
            ),
            &["từ 13 đến 14", "cỡ 12 ở 1 đoạn"],
        ),
        (
            FormatRule::Date,
            document(&swap("ngày 05 tháng 01", "ngày 5 tháng 1"), SECT_A4),
            &["ngày «5» → «05»", "tháng «1» → «01»"],
        ),
        (
            FormatRule::Number,
            document(&swap("Số: 07/KH-LĐLĐ", "Số: 7/KH-LĐLĐ"), SECT_A4),
            &["«7» → «07»", "«Số: 07/KH-LĐLĐ»"],
        ),
        (
            FormatRule::QuocHieu,
            document(
                &swap("Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"),
                SECT_A4,
            ),
            &["gạch nối (-)", "«Độc lập – Tự do – Hạnh phúc»"],
        ),
        (
            FormatRule::NoiNhan,
            document(&swap("- Lưu: VT, VP.", "- Các LĐLĐ huyện."), SECT_A4),
            &["- Lưu: VT", "không có dòng «Lưu»"],
        ),
        (
            FormatRule::Signature,
            document(&swap("Nguyễn Thị Lý", "NGUYỄN THỊ LÝ"), SECT_A4),
            &["chữ in thường", "«NGUYỄN THỊ LÝ» in hoa"],
        ),
        (
            FormatRule::EndMark,
            document(
                &swap("thực hiện nghiêm túc./.", "thực hiện nghiêm túc."),
                SECT_A4,
            ),
            &["«./.»", "nghiêm túc."],
        ),
    ];
    for (rule, docx, words) in cases {
        let got = findings(&docx);
        assert_eq!(got.len(), 1, "{}: {got:?}", rule.name());
        assert_eq!(got[0].0, rule, "{got:?}");
        for w in words {
            assert!(
                got[0].1.contains(w),
                "{}: «{w}» not in {}",
                rule.name(),
                got[0].1
            );
        }
        assert!(got[0].1.contains("Nghị định 30/2020/NĐ-CP"), "{}", got[0].1);
    }
}

/// Date lines are found wherever they stand: here in a body paragraph,
/// the header laid out with a tab instead of a table.
#[test]
fn a_date_line_in_a_body_paragraph_is_read() {
    let body = conforming_body().replacen(
        &para("KẾ HOẠCH", 28),
        &format!(
            "{}{}",
            para("Kon Tum ngày 03 tháng 03 năm 2022", 28),
            para("KẾ HOẠCH", 28)
        ),
        1,
    );
    let got = findings(&document(&body, SECT_A4));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, FormatRule::Date);
    assert!(
        got[0].1.contains("thiếu dấu phẩy sau «Kon Tum»"),
        "{}",
        got[0].1
    );
    assert!(got[0].1.contains("tháng «03» → «3»"), "{}", got[0].1);
}

#[test]
fn a_document_without_its_ending_is_told_so() {
    let body = conforming_body();
    let cut = body.rfind("<w:tbl>").unwrap();
    let got = findings(&document(&body[..cut], SECT_A4));
    let rules: Vec<FormatRule> = got.iter().map(|(r, _)| *r).collect();
    assert_eq!(
        rules,
        [FormatRule::NoiNhan, FormatRule::Signature],
        "{got:?}"
    );
}

/// The pack's samples follow the national format: no format finding at all.
#[test]
fn pack_samples_have_no_format_findings() {
    let mut bad = Vec::new();
    for t in vanban::PackTemplate::all() {
        let doc = t.template().unwrap().render(&t.sample()).unwrap();
        let got = findings(doc.as_bytes());
        for (rule, message) in got {
            bad.push(format!("{}: {}: {message}", t.name(), rule.name()));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The seeds as .docx (their header block was lost in extraction, so they
/// carry no Quốc hiệu): what each gets, checked by eye against the seeds.
#[test]
fn seeds() {
    let want: [(&str, &[FormatRule]); 5] = [
        ("000-bao-cao-chinh-tri-dai-hoi", &[FormatRule::QuocHieu]),
        ("001-bao-cao-so-ket-3-nam", &[FormatRule::QuocHieu]),
        // "Nơi nhận" and its list typed at 14pt.
        (
            "002-chuong-trinh-hanh-dong",
            &[
                FormatRule::QuocHieu,
                FormatRule::FontSize,
                FormatRule::FontSize,
            ],
        ),
        // "- Lưu VT- TH ." has no colon after "Lưu", and the signer's
        // name is in capitals ("NÔNG VĂN DŨNG").
        (
            "003-ke-hoach-so-ket-giua-nhiem-ky",
            &[
                FormatRule::QuocHieu,
                FormatRule::FontSize,
                FormatRule::FontSize,
                FormatRule::NoiNhan,
                FormatRule::Signature,
            ],
        ),
        // The last sentence, "* Lưu ý: …", has no "./.".
        (
            "004-cong-van-huong-dan-so-ket-6-thang",
            &[
                FormatRule::QuocHieu,
                FormatRule::EndMark,
                FormatRule::FontSize,
                FormatRule::FontSize,
            ],
        ),
    ];
    for (name, rules) in want {
        let bytes = std::fs::read(common::seeds_dir().join(format!("{name}.docx"))).unwrap();
        let got = findings(&bytes);
        let mut got_rules: Vec<FormatRule> = got.iter().map(|(r, _)| *r).collect();
        let mut rules = rules.to_vec();
        got_rules.sort();
        rules.sort();
        assert_eq!(got_rules, rules, "{name}: {got:#?}");
    }
}

/// Every document of the public corpus goes through the format rules
/// without an error; the counts per rule are printed.
#[test]
fn corpus_runs_without_errors() {
    let Some(dir) = common::shared_or_skip("corpus/public", "corpus_runs_without_errors") else {
        return;
    };
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let (mut read, mut refused) = (0, 0);
    let mut files = Vec::new();
    let mut dirs = vec![dir];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "docx") {
                files.push(path);
            }
        }
    }
    for path in files {
        match vanban::check_file(&path, &format_rules()) {
            Ok(report) => {
                read += 1;
                for f in report.findings() {
                    *counts.entry(f.rule().unwrap().name()).or_default() += 1;
                }
            }
            Err(e) => {
                refused += 1;
                let message = e.to_string();
                assert!(!message.is_empty());
            }
        }
    }
    eprintln!("corpus: {read} read, {refused} refused; findings per rule: {counts:?}");
    assert!(read > 0);
}
