//! JSON syntax errors in Vietnamese: where, what, and the usual fix, the
//! same for one document's data and for a batch's records.

use serde_json::Value;

/// A JSON syntax error, described for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong, in Vietnamese when serde_json's words are known.
    pub detail: String,
    /// How to fix it.
    pub fix: String,
}

impl JsonProblem {
    /// Describes `e`, an error parsing the whole of `text`.
    pub fn new(e: &serde_json::Error, text: &str) -> JsonProblem {
        let fix = if e.is_eof() {
            "Tệp kết thúc giữa chừng: hãy kiểm tra các dấu ] và } đóng cuối tệp, và dấu \" \
             đóng chuỗi."
        } else if e.to_string().starts_with("trailing characters") && first_line_is_object(text) {
            "Tệp có vẻ là JSON Lines (mỗi dòng một bản ghi): hãy đổi phần mở rộng của tệp \
             thành .jsonl, hoặc đặt các bản ghi trong một mảng [ {…}, {…} ]."
        } else {
            "Hãy sửa chỗ này (thường do thiếu hoặc thừa dấu phẩy, dấu ngoặc kép hay dấu ngoặc) \
             rồi chạy lại."
        };
        JsonProblem {
            line: e.line(),
            column: e.column(),
            detail: detail(e),
            fix: fix.to_string(),
        }
    }
}

/// serde_json's message, in Vietnamese for the common cases, without its
/// " at line L column C" tail.
pub fn detail(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    const KNOWN: &[(&str, &str)] = &[
        ("EOF while parsing", "dữ liệu kết thúc giữa chừng"),
        ("expected `:`", "thiếu dấu hai chấm “:” sau tên trường"),
        ("expected `,` or `}`", "thiếu dấu phẩy “,” hoặc dấu “}”"),
        ("expected `,` or `]`", "thiếu dấu phẩy “,” hoặc dấu “]”"),
        ("trailing comma", "thừa dấu phẩy “,” trước dấu đóng ngoặc"),
        ("trailing characters", "có ký tự thừa sau phần dữ liệu"),
        (
            "key must be a string",
            "tên trường phải nằm trong dấu ngoặc kép",
        ),
        (
            "expected value",
            "thiếu giá trị, hoặc chuỗi không nằm trong dấu ngoặc kép",
        ),
        (
            "expected ident",
            "giá trị không hợp lệ (chỉ dùng true, false, null, số hoặc chuỗi)",
        ),
        (
            "control character",
            "chuỗi chứa ký tự xuống dòng hoặc tab: hãy viết \\n, \\t",
        ),
        (
            "invalid escape",
            "dấu “\\” không hợp lệ trong chuỗi: hãy viết “\\\\”",
        ),
        ("invalid number", "số không hợp lệ"),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| msg.starts_with(en))
        .map_or_else(|| msg.to_string(), |(_, vi)| vi.to_string())
}

fn first_line_is_object(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| serde_json::from_str::<Value>(l).ok())
        .is_some_and(|v| v.is_object())
}
