//! `vanban serve` over loopback: each test starts the real binary on a free
//! port and talks HTTP to it.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A server started for one test, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        Server::start_with_env(args, &[])
    }

    fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vanban"));
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("VANBAN_ACCESS_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("vanban starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line.trim().to_string();
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "first line: {base:?}"
        );
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> Answer {
        answer(agent().get(&self.url(path)).call())
    }

    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Answer {
        answer(
            agent()
                .post(&self.url(path))
                .header("content-type", content_type)
                .send(body),
        )
    }

    fn post_form(&self, path: &str, parts: &[(&str, &str, &[u8])]) -> Answer {
        let (content_type, body) = multipart(parts);
        self.post(path, &content_type, &body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Status, headers and body of an answer.
struct Answer {
    status: u16,
    content_type: String,
    disposition: String,
    missing: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// Asserts a JSON error with this status and code; returns its message.
    fn error(&self, status: u16, code: &str) -> String {
        let body = self.json();
        assert_eq!(self.status, status, "{body}");
        assert!(self.content_type.starts_with("application/json"));
        assert_eq!(body["error"]["code"], code, "{body}");
        let message = body["error"]["message"].as_str().unwrap().to_string();
        assert!(!message.is_empty());
        message
    }
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = result.expect("the server answers");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (content_type, disposition, missing) = (
        header("content-type").unwrap_or_default(),
        header("content-disposition").unwrap_or_default(),
        header("x-vanban-missing"),
    );
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(200 << 20)
        .read_to_vec()
        .unwrap();
    Answer {
        status,
        content_type,
        disposition,
        missing,
        body,
    }
}

/// Sends only the head of a POST announcing `length` bytes, and returns
/// what the server answers before any of the body is sent.
fn raw_head(server: &Server, path: &str, content_type: &str, length: usize) -> String {
    use std::io::Write;
    let addr = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

fn multipart(parts: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "vanban-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, filename, bytes) in parts {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn seed(name: &str) -> PathBuf {
    repo("../shared/corpus/seeds-docx").join(name)
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(repo(&format!("samples/{name}.json"))).unwrap()
}

/// The text of a part of a zip (a .docx or a batch .zip).
fn zip_entry(zip: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("entry exists")
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The bytes of an entry of a zip (a document inside a batch .zip).
fn zip_bytes(zip: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .expect("entry exists")
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

fn zip_names(zip: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    (0..archive.len())
        .map(|i| archive.name_for_index(i).unwrap().unwrap().to_string())
        .collect()
}

/// A .docx with one paragraph per line of `body`.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#)),
    ];
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in files {
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[test]
fn health_and_page_are_served() {
    let server = Server::start(&[]);
    let health = server.get("/healthz");
    assert_eq!(health.status, 200);
    let health = health.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["access_key"], false);
    assert!(health["pdf"].is_boolean());
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&page.body).contains("/app.js"));
    assert!(server
        .get("/app.js")
        .content_type
        .starts_with("text/javascript"));
    assert!(server
        .get("/style.css")
        .content_type
        .starts_with("text/css"));
    server.get("/khong-co").error(404, "not-found");
}

#[test]
fn templates_are_listed_with_schema_sample_and_fields() {
    let server = Server::start(&[]);
    let list = server.get("/api/templates").json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"ke-hoach") && names.len() >= 6, "{names:?}");
    assert_eq!(list[0]["title"], "Kế hoạch");
    let detail = server.get("/api/templates/ke-hoach").json();
    assert_eq!(detail["schema"]["name"], "ke-hoach");
    assert_eq!(
        detail["sample"],
        serde_json::from_slice::<Value>(&sample("ke-hoach")).unwrap()
    );
    // The same JSON as `vanban fields --format json`.
    let cli = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["fields", "ke-hoach", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        detail["fields"],
        serde_json::from_slice::<Value>(&cli.stdout).unwrap()
    );
    server
        .get("/api/templates/khong-co")
        .error(404, "unknown-template");
    let typo = server
        .get("/api/templates/ke-hoch")
        .error(404, "unknown-template");
    assert!(typo.contains("Có phải ý bạn là \"ke-hoach\"?"), "{typo}");
}

#[test]
fn fields_of_an_uploaded_template() {
    let server = Server::start(&[]);
    let template = docx(&["Kính gửi {{ don_vi }}", "{{#muc}}{{ten}}{{/muc}}"]);
    let fields = server.post("/api/fields", DOCX, &template).json();
    let tags: Vec<&str> = fields["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tag"].as_str().unwrap())
        .collect();
    assert!(tags.contains(&"{{ don_vi }}"), "{tags:?}");
    assert!(
        fields["shape"]["muc"].is_object()
            || fields["shape"]["muc"].is_array()
            || fields["shape"].get("muc").is_some(),
        "{fields}"
    );
}

#[test]
fn renders_a_pack_template_from_json() {
    let server = Server::start(&[]);
    let doc = server.post(
        "/api/render/ke-hoach",
        "application/json",
        &sample("ke-hoach"),
    );
    assert_eq!(doc.status, 200);
    assert_eq!(doc.content_type, DOCX);
    assert!(
        doc.disposition.contains("filename=\"ke-hoach.docx\""),
        "{}",
        doc.disposition
    );
    assert_eq!(doc.missing.as_deref(), Some("0"));
    assert!(zip_entry(&doc.body, "word/document.xml").contains("KH-LĐLĐ"));

    // Nothing given: every value is missing, and the report says where.
    let empty = server.post("/api/render/ke-hoach", "application/json", b"{}");
    assert_ne!(empty.missing.as_deref(), Some("0"));
    let report = server
        .post(
            "/api/render/ke-hoach?report=json",
            "application/json",
            b"{}",
        )
        .json();
    let missing = report["missing"].as_array().unwrap();
    assert!(missing
        .iter()
        .any(|m| m["tag"].as_str().unwrap().contains("ky_hieu")));
    assert!(missing[0]["sentence"].is_string() && missing[0]["reason"].is_string());
    assert!(report["gaps"].as_u64().unwrap() > 0);
    assert_eq!(
        report["gaps"].as_u64().unwrap() as usize,
        report["findings"].as_array().unwrap().len()
    );
}

#[test]
fn renders_an_uploaded_template_from_multipart() {
    let server = Server::start(&[]);
    let template = docx(&["Kính gửi {{ don_vi }}"]);
    let doc = server.post_form(
        "/api/render",
        &[
            ("template", "cong-van.docx", &template),
            (
                "data",
                "data.json",
                r#"{"don_vi": "Công đoàn Ngành Y tế"}"#.as_bytes(),
            ),
        ],
    );
    assert_eq!(doc.status, 200, "{}", String::from_utf8_lossy(&doc.body));
    assert!(doc.disposition.contains("cong-van.docx"));
    assert!(zip_entry(&doc.body, "word/document.xml").contains("Kính gửi Công đoàn Ngành Y tế"));
    server
        .post_form("/api/render", &[("template", "a.docx", &template)])
        .error(400, "missing-part");
    let broken = docx(&["{{#muc}} không đóng"]);
    server
        .post_form(
            "/api/render",
            &[("template", "a.docx", &broken), ("data", "d.json", b"{}")],
        )
        .error(422, "template-error");
}

#[test]
fn bad_input_gets_4xx_with_a_code_and_the_command_line_message() {
    let server = Server::start(&["--max-upload", "1"]);
    let json = "application/json";
    server
        .post("/api/check", DOCX, b"not a zip at all")
        .error(415, "not-docx");
    server
        .post("/api/render/ke-hoach", json, b"{\"ky_hieu\": ")
        .error(400, "bad-data");
    server
        .post("/api/render/khong-co", json, b"{}")
        .error(404, "unknown-template");
    server
        .post("/api/render/ke-hoach?format=odt", json, b"{}")
        .error(400, "bad-parameter");

    // An old .doc: the same message as `vanban check` gives for the same file.
    let dir = tempfile::tempdir().unwrap();
    let doc_path = dir.path().join("cu.doc");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(&doc_path, &ole).unwrap();
    let cli = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("check")
        .arg(&doc_path)
        .output()
        .unwrap();
    let cli_message = String::from_utf8_lossy(&cli.stderr).trim().to_string();
    let query = format!("/api/check?filename={}", doc_path.display());
    let message = server.post(&query, DOCX, &ole).error(415, "legacy-doc");
    assert_eq!(format!("vanban: {message}"), cli_message);

    // A zip bomb: one part that inflates 8 MB from a few kilobytes.
    let bomb = {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        writer
            .start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
        writer.write_all(&vec![b' '; 8 << 20]).unwrap();
        writer.finish().unwrap().into_inner()
    };
    assert!(bomb.len() < 1 << 20);
    server
        .post("/api/check", DOCX, &bomb)
        .error(422, "limit-exceeded");

    // Past --max-upload 1 (megabyte): refused from the announced length,
    // before the body is read.
    for (path, content_type) in [
        ("/api/check", DOCX),
        ("/api/render", "multipart/form-data; boundary=x"),
    ] {
        let head = raw_head(&server, path, content_type, 2 << 20);
        assert!(head.starts_with("HTTP/1.1 413"), "{head}");
        assert!(head.contains("\"too-large\""), "{head}");
    }
    // The server is still there.
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn access_key_guards_the_api_only() {
    for server in [
        Server::start(&["--access-key", "bi-mat-2026"]),
        Server::start_with_env(&[], &[("VANBAN_ACCESS_KEY", "bi-mat-2026")]),
    ] {
        assert_eq!(server.get("/healthz").json()["access_key"], true);
        assert_eq!(server.get("/").status, 200);
        server.get("/api/templates").error(401, "unauthorized");
        let wrong = answer(
            agent()
                .get(&server.url("/api/templates"))
                .header("authorization", "Bearer sai")
                .call(),
        );
        wrong.error(401, "unauthorized");
        let right = answer(
            agent()
                .get(&server.url("/api/templates"))
                .header("authorization", "Bearer bi-mat-2026")
                .call(),
        );
        assert_eq!(right.status, 200);
    }
}

#[test]
fn sharing_on_the_network_warns_without_a_key() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("VANBAN_ACCESS_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    for _ in 0..2 {
        stderr.read_line(&mut said).unwrap();
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.starts_with("http://0.0.0.0:"), "{first}");
    assert!(said.contains("mạng nội bộ"), "{said}");
    assert!(
        said.contains("CẢNH BÁO") && said.contains("--access-key"),
        "{said}"
    );
}

#[test]
fn check_answers_as_the_command_line_and_annotates() {
    let server = Server::start(&[]);
    let path = seed("000-bao-cao-chinh-tri-dai-hoi.docx");
    let bytes = std::fs::read(&path).unwrap();
    let name = path.display().to_string();
    let report = server
        .post(&format!("/api/check?filename={name}"), DOCX, &bytes)
        .json();
    let cli = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        report,
        serde_json::from_slice::<Value>(&cli.stdout).unwrap()
    );
    assert!(!report["findings"].as_array().unwrap().is_empty());

    let annotated = server.post("/api/check?annotate=1", DOCX, &bytes);
    assert_eq!(annotated.status, 200);
    assert_eq!(annotated.content_type, DOCX);
    assert!(annotated.disposition.contains("attachment"));
    assert!(zip_names(&annotated.body).contains(&"word/comments.xml".to_string()));
}

#[test]
fn check_takes_the_rules_of_the_command_line() {
    let server = Server::start(&[]);
    let path = seed("003-ke-hoach-so-ket-giua-nhiem-ky.docx");
    let bytes = std::fs::read(&path).unwrap();
    let name = path.display().to_string();
    let report = server
        .post(
            &format!("/api/check?filename={name}&rules=format"),
            DOCX,
            &bytes,
        )
        .json();
    let cli = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["check", "--format", "json", "--rules", "format"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        report,
        serde_json::from_slice::<Value>(&cli.stdout).unwrap()
    );
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .all(|f| f["kind"] == "format" && f["rule"].is_string()));

    let wrong = server.post("/api/check?rules=khong-co", DOCX, &bytes);
    assert_eq!(wrong.status, 400);
    assert!(String::from_utf8_lossy(&wrong.body).contains("unknown-rule"));
}

#[test]
fn excel_header_template_has_a_column_per_field_and_a_sheet_per_list() {
    use calamine::{Reader, Xlsx};
    let server = Server::start(&[]);
    let xlsx = server.get("/api/templates/ke-hoach/excel");
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.content_type.contains("spreadsheetml"));
    assert!(xlsx.disposition.contains("ke-hoach-du-lieu.xlsx"));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.body.clone())).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(sheets[0], "Dữ liệu");
    assert!(sheets.iter().any(|s| s == "mo_dau"), "{sheets:?}");
    let first = book.worksheet_range("Dữ liệu").unwrap();
    let header: Vec<String> = first
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for field in [
        "co_quan",
        "ky_hieu",
        "dia_danh",
        "trich_yeu",
        "nguoi_ky.ho_ten",
    ] {
        assert!(header.iter().any(|h| h == field), "{field} in {header:?}");
    }
    assert!(
        !header.iter().any(|h| h == "mo_dau"),
        "a list is not a column"
    );
    let list = book.worksheet_range("mo_dau").unwrap();
    let list_header: Vec<String> = list
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(list_header[0], "ban_ghi");
    assert!(list_header.iter().any(|h| h == "van"), "{list_header:?}");

    // The command line writes the same columns.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mau.xlsx");
    let status = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["fields", "ke-hoach", "--format", "xlsx", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mut cli: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(cli.sheet_names(), sheets);
    let cli_header: Vec<String> = cli
        .worksheet_range("Dữ liệu")
        .unwrap()
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(cli_header, header);
    let csv = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["fields", "ke-hoach", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(
        csv.trim_start_matches('\u{feff}').trim_end(),
        header.join(",")
    );
}

const BATCH_CSV: &str = "Cơ quan,Ký hiệu,Địa danh,Trích yếu,Ghi chú\n\
LIÊN ĐOÀN LAO ĐỘNG HUYỆN A,KH-LĐLĐ,Huyện A,Sơ kết,x\n\
LIÊN ĐOÀN LAO ĐỘNG HUYỆN B,KH-LĐLĐ,Huyện B,Sơ kết,y\n";

#[test]
fn batch_preview_matches_folded_headers() {
    let server = Server::start(&[]);
    let preview = server
        .post(
            "/api/batch/ke-hoach/preview?filename=ds.csv",
            "text/csv",
            BATCH_CSV.as_bytes(),
        )
        .json();
    assert_eq!(preview["records"], 2);
    assert_eq!(
        preview["columns"][0],
        json!({"header": "Cơ quan", "field": "co_quan"})
    );
    assert_eq!(preview["columns"][1]["field"], "ky_hieu");
    assert_eq!(preview["unused_columns"], json!(["Ghi chú"]));
    let unfilled: Vec<&str> = preview["unfilled_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        unfilled.contains(&"nguoi_ky.ho_ten") && unfilled.contains(&"mo_dau"),
        "{unfilled:?}"
    );
    assert!(!unfilled.contains(&"co_quan"));
    // Without a file name the kind is sniffed.
    assert_eq!(
        server
            .post(
                "/api/batch/ke-hoach/preview",
                "text/csv",
                BATCH_CSV.as_bytes()
            )
            .json()["records"],
        2
    );
    let template = docx(&["Kính gửi {{ don_vi }}"]);
    let own = server
        .post_form(
            "/api/batch/preview",
            &[
                ("template", "t.docx", &template),
                ("data", "d.csv", b"\xC4\x90\xC6\xA1n v\xE1\xBB\x8B\nA\n"),
            ],
        )
        .json();
    assert_eq!(own["columns"][0]["field"], "don_vi");
    server
        .post(
            "/api/batch/ke-hoach/preview?filename=ds.csv",
            "text/csv",
            b"",
        )
        .error(400, "bad-records");
}

#[test]
fn batch_makes_a_zip_with_the_manifest() {
    // Its own temporary folder, to see that nothing is left in it.
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start_with_env(&[], &[("TMPDIR", tmp.path().to_str().unwrap())]);
    let zip = server.post(
        "/api/batch/ke-hoach?filename=ds.csv",
        "text/csv",
        BATCH_CSV.as_bytes(),
    );
    assert_eq!(zip.status, 200, "{}", String::from_utf8_lossy(&zip.body));
    assert_eq!(zip.content_type, "application/zip");
    let names = zip_names(&zip.body);
    assert!(
        names.contains(&"manifest.csv".to_string()) && names.contains(&"manifest.json".to_string())
    );
    let docs: Vec<&String> = names.iter().filter(|n| n.ends_with(".docx")).collect();
    assert_eq!(docs.len(), 2, "{names:?}");
    // The folded column "Cơ quan" filled co_quan.
    let second = zip_bytes(&zip.body, docs[1]);
    assert!(zip_entry(&second, "word/document.xml").contains("HUYỆN B"));
    let manifest: Value = serde_json::from_str(&zip_entry(&zip.body, "manifest.json")).unwrap();
    assert_eq!(manifest.as_array().unwrap().len(), 2);

    // With progress: one JSON line per step, then the zip.
    let lines = server.post(
        "/api/batch/ke-hoach?filename=ds.csv&progress=1",
        "text/csv",
        BATCH_CSV.as_bytes(),
    );
    assert_eq!(lines.content_type, "application/x-ndjson");
    let lines: Vec<Value> = String::from_utf8(lines.body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert_eq!(lines[0]["total"], 2);
    let last = lines.last().unwrap();
    assert_eq!(last["filename"], "ke-hoach-hang-loat.zip");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(last["zip_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(zip_names(&bytes).len(), names.len());

    // An uploaded template and data, as multipart.
    let template = docx(&["Kính gửi {{ don_vi }}"]);
    let own = server.post_form(
        "/api/batch",
        &[
            ("template", "t.docx", &template),
            ("data", "d.csv", "Đơn vị\nCông đoàn A\n".as_bytes()),
        ],
    );
    assert_eq!(own.status, 200, "{}", String::from_utf8_lossy(&own.body));
    let docs: Vec<String> = zip_names(&own.body)
        .into_iter()
        .filter(|n| n.ends_with(".docx"))
        .collect();
    let first = zip_bytes(&own.body, &docs[0]);
    assert!(zip_entry(&first, "word/document.xml").contains("Kính gửi Công đoàn A"));
    // A bad progress batch ends with the error line.
    let failed = server.post(
        "/api/batch/ke-hoach?filename=x.csv&progress=1",
        "text/csv",
        b"",
    );
    let last: Value = serde_json::from_str(
        String::from_utf8(failed.body)
            .unwrap()
            .lines()
            .last()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(last["error"]["code"], "bad-records");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn pdf_when_libreoffice_is_installed() {
    let server = Server::start(&[]);
    let has_pdf = server.get("/healthz").json()["pdf"] == true;
    let pdf = server.post(
        "/api/render/ke-hoach?format=pdf",
        "application/json",
        &sample("ke-hoach"),
    );
    if has_pdf {
        assert_eq!(pdf.status, 200, "{}", String::from_utf8_lossy(&pdf.body));
        assert_eq!(pdf.content_type, "application/pdf");
        assert!(pdf.body.starts_with(b"%PDF"));
    } else {
        pdf.error(422, "pdf-unavailable");
    }
}

#[test]
fn openapi_is_served_matches_the_repository_and_lists_every_route() {
    let server = Server::start(&[]);
    let served = server.get("/api/openapi.json").json();
    assert!(served["openapi"].as_str().unwrap().starts_with("3."));
    let kept: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("docs/openapi.json")).unwrap()).unwrap();
    assert_eq!(
        served, kept,
        "docs/openapi.json is stale: regenerate it from /api/openapi.json (see docs/api.md)"
    );
    let paths = served["paths"].as_object().unwrap();
    for expected in [
        "/healthz",
        "/api/openapi.json",
        "/api/templates",
        "/api/templates/{name}",
        "/api/templates/{name}/excel",
        "/api/fields",
        "/api/render/{name}",
        "/api/render",
        "/api/check",
        "/api/batch/{name}/preview",
        "/api/batch/{name}",
        "/api/batch/preview",
        "/api/batch",
    ] {
        assert!(
            paths.contains_key(expected),
            "{expected} missing from the OpenAPI document"
        );
    }
    // A parameter is in the path only when the path names it; the others
    // are query parameters (`?rules=`, `?format=`…).
    for (path, methods) in paths {
        for (method, operation) in methods.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                let place = if path.contains(&format!("{{{name}}}")) {
                    "path"
                } else {
                    "query"
                };
                assert_eq!(parameter["in"], place, "{method} {path}: parameter {name}");
            }
        }
    }
    // Every path and method it lists is a route of the server.
    for (path, methods) in paths {
        let path = path.replace("{name}", "ke-hoach");
        for method in methods.as_object().unwrap().keys() {
            let status = match method.as_str() {
                "get" => server.get(&path).status,
                "post" => server.post(&path, "application/json", b"{}").status,
                other => panic!("unexpected method {other}"),
            };
            assert!(status != 404 && status != 405, "{method} {path}: {status}");
        }
    }
}

/// Starts `vanban serve` expecting it to refuse; returns its exit code and stderr.
fn refused_start(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .env_remove("VANBAN_ACCESS_KEY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn an_office_folder_of_templates_is_offered_by_name_beside_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("giay-moi.docx"),
        docx(&["Kính gửi: {{don_vi}}", "Thời gian: {{thoi_gian}}"]),
    )
    .unwrap();
    std::fs::write(dir.path().join("ghi-chu.txt"), "không phải mẫu").unwrap();
    let folder = dir.path().to_str().unwrap();
    let server = Server::start(&["--templates", folder]);

    let list = server.get("/api/templates").json();
    let list = list.as_array().unwrap();
    let own: Vec<&Value> = list.iter().filter(|t| t["source"] == "folder").collect();
    assert_eq!(own.len(), 1, "{list:?}");
    assert_eq!(own[0]["name"], "giay-moi");
    assert!(list
        .iter()
        .any(|t| t["name"] == "ke-hoach" && t["source"] == "pack"));

    let detail = server.get("/api/templates/giay-moi").json();
    assert_eq!(detail["schema"], Value::Null);
    assert_eq!(detail["sample"], Value::Null);
    let fields = detail["fields"].to_string();
    assert!(
        fields.contains("don_vi") && fields.contains("thoi_gian"),
        "{fields}"
    );

    let doc = server.post(
        "/api/render/giay-moi",
        "application/json",
        r#"{"don_vi": "Công đoàn cơ sở Trường THCS Lê Lợi"}"#.as_bytes(),
    );
    assert_eq!(doc.status, 200);
    assert!(doc.disposition.contains("giay-moi"), "{}", doc.disposition);
    assert_eq!(doc.missing.as_deref(), Some("1"));
    assert!(zip_entry(&doc.body, "word/document.xml")
        .contains("Kính gửi: Công đoàn cơ sở Trường THCS Lê Lợi"));

    let excel = server.get("/api/templates/giay-moi/excel");
    assert_eq!(excel.status, 200);
    let zip = server.post(
        "/api/batch/giay-moi?filename=don-vi.csv",
        "text/csv",
        "don_vi,thoi_gian\nCĐCS A,8 giờ\nCĐCS B,9 giờ\n".as_bytes(),
    );
    assert_eq!(zip.status, 200);
    let names = zip_names(&zip.body);
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".docx")).count(),
        2,
        "{names:?}"
    );

    let typo = server
        .get("/api/templates/giay-moii")
        .error(404, "unknown-template");
    assert!(typo.contains("giay-moi"), "{typo}");
}

#[test]
fn a_templates_folder_that_cannot_be_used_stops_the_start_with_the_file_named() {
    let empty = tempfile::tempdir().unwrap();
    let (code, message) = refused_start(&["--templates", empty.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{message}");
    assert!(message.contains("không có tệp mẫu .docx nào"), "{message}");

    let clash = tempfile::tempdir().unwrap();
    std::fs::write(clash.path().join("ke-hoach.docx"), docx(&["{{a}}"])).unwrap();
    let (code, message) = refused_start(&["--templates", clash.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{message}");
    assert!(
        message.contains("ke-hoach.docx") && message.contains("trùng tên với mẫu có sẵn"),
        "{message}"
    );

    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("hong.docx"), b"not a zip").unwrap();
    let (code, message) = refused_start(&["--templates", broken.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{message}");
    assert!(message.contains("hong.docx"), "{message}");

    let bad_tag = tempfile::tempdir().unwrap();
    std::fs::write(
        bad_tag.path().join("sai-the.docx"),
        docx(&["{{#ds}} chưa đóng"]),
    )
    .unwrap();
    let (code, message) = refused_start(&["--templates", bad_tag.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{message}");
    assert!(message.contains("sai-the.docx"), "{message}");
}
