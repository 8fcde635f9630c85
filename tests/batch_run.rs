//! `vanban batch` run again into the same folder (refused, `--force`,
//! `--resume` after a killed run), two runs at once, and `--name` read
//! by the template language before anything is written.

mod common;

use common::{batch, batch_command, p, texts, Docx};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn template(dir: &Path) -> PathBuf {
    Docx::body(&p(&[
        "Kính gửi: {{ten_don_vi}}; số đoàn viên: {{so_doan_vien | so}}",
    ]))
    .write(dir, "cong-van.docx")
}

/// A CSV of `n` records whose unit names end with `tag`.
fn data(dir: &Path, n: usize, tag: &str) -> PathBuf {
    let mut text = String::from("ma,ten_don_vi,so_doan_vien\n");
    for i in 1..=n {
        text.push_str(&format!(
            "HU{i:02},Công đoàn số {i} {tag},{}\n",
            i * 1000 + 5
        ));
    }
    let path = dir.join("ds.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Every file in `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn manifest(out: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn body(docx: &[u8]) -> String {
    texts(docx, "word/document.xml").join("\n")
}

#[test]
fn a_second_run_without_a_choice_writes_nothing_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (tpl, data) = (template(dir.path()), data(dir.path(), 3, "A"));
    let out = dir.path().join("ra");
    assert_eq!(batch(&tpl, &data, &out, &[]).status.code(), Some(0));
    let before = snapshot(&out);
    let again = batch(&tpl, &data, &out, &[]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    let message = stderr(&again);
    for words in ["lần chạy trước", "manifest.json", "--resume", "--force"] {
        assert!(message.contains(words), "{words}: {message}");
    }
    assert_eq!(snapshot(&out), before, "nothing written or removed");
}

#[test]
fn force_replaces_only_the_files_the_earlier_manifest_lists() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let out = dir.path().join("ra");
    let first = data(dir.path(), 3, "A");
    assert_eq!(batch(&tpl, &first, &out, &[]).status.code(), Some(0));
    // Files of the user's own, one of them named like a document to come.
    std::fs::write(out.join("ghi-chu.txt"), b"cua toi").unwrap();
    std::fs::write(out.join("cong-van-0004.docx"), b"cua toi").unwrap();
    let second = data(dir.path(), 4, "B");
    let run = batch(&tpl, &second, &out, &["--force"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let files = snapshot(&out);
    assert_eq!(files["ghi-chu.txt"], b"cua toi");
    assert_eq!(files["cong-van-0004.docx"], b"cua toi");
    assert!(body(&files["cong-van-0001.docx"]).contains("Công đoàn số 1 B"));
    assert!(body(&files["cong-van-0004-2.docx"]).contains("Công đoàn số 4 B"));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "cong-van-0001.docx",
            "cong-van-0002.docx",
            "cong-van-0003.docx",
            "cong-van-0004-2.docx",
            "cong-van-0004.docx",
            "ghi-chu.txt",
            "manifest.csv",
            "manifest.json"
        ],
        "no -2 copies of the earlier run's documents, no lock or journal left"
    );
    // The same command again replaces the same files: still no copies.
    let run = batch(&tpl, &second, &out, &["--force"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(snapshot(&out).len(), files.len());
    // A run with fewer records removes the earlier run's documents it does not make.
    let third = data(dir.path(), 2, "C");
    let run = batch(&tpl, &third, &out, &["--force"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let files = snapshot(&out);
    assert!(!files.contains_key("cong-van-0003.docx"));
    assert!(!files.contains_key("cong-van-0004-2.docx"));
    assert_eq!(files["cong-van-0004.docx"], b"cua toi");
    assert_eq!(files["ghi-chu.txt"], b"cua toi");
    assert_eq!(manifest(&out).len(), 2);
}

#[test]
fn an_existing_zip_still_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let (tpl, data) = (template(dir.path()), data(dir.path(), 2, "A"));
    let zip = dir.path().join("ket-qua.zip");
    std::fs::write(&zip, b"cu").unwrap();
    let out = dir.path().join("ra");
    let zip_arg = zip.to_str().unwrap();
    let run = batch(&tpl, &data, &out, &["--zip", zip_arg]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(!out.exists(), "refused before any document");
    assert_eq!(std::fs::read(&zip).unwrap(), b"cu");
    let run = batch(&tpl, &data, &out, &["--zip", zip_arg, "--force"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(std::fs::read(&zip).unwrap().starts_with(b"PK"));
}

#[test]
fn a_folder_held_by_a_live_run_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (tpl, data) = (template(dir.path()), data(dir.path(), 2, "A"));
    let out = dir.path().join("ra");
    std::fs::create_dir(&out).unwrap();
    // This test's own process is alive: the folder is held.
    std::fs::write(
        out.join(".vanban-batch.lock"),
        format!("{}\n", std::process::id()),
    )
    .unwrap();
    for flags in [&[][..], &["--force"], &["--resume"]] {
        let run = batch(&tpl, &data, &out, flags);
        assert_eq!(run.status.code(), Some(2), "{flags:?}: {}", stderr(&run));
        let message = stderr(&run);
        assert!(message.contains("đang ghi vào thư mục này"), "{message}");
        assert!(
            message.contains(&std::process::id().to_string()),
            "{message}"
        );
    }
    assert_eq!(snapshot(&out).len(), 1, "only the lock");
}

#[cfg(unix)]
#[test]
fn resume_after_a_killed_run_makes_the_rest_without_copies() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let n = 8_000;
    let data = data(dir.path(), n, "A");
    let out = dir.path().join("ra");
    let mut child = batch_command(&tpl, &data, &out)
        .args(["--jobs", "1"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let journal = out.join(".vanban-batch.jsonl");
    let started = std::time::Instant::now();
    // Killed once some records are done, long before the last.
    loop {
        let done = std::fs::read_to_string(&journal)
            .map(|t| t.matches("\"done\"").count())
            .unwrap_or(0);
        if done >= 40 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        assert!(started.elapsed().as_secs() < 60, "no progress");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!out.join("manifest.json").exists(), "killed before the end");
    assert!(out.join(".vanban-batch.lock").exists());
    let written_before = snapshot(&out)
        .keys()
        .filter(|k| k.ends_with(".docx"))
        .count();
    assert!(written_before > 0 && written_before < n, "{written_before}");

    // The stopped run is named, and nothing happens without a choice.
    let run = batch(&tpl, &data, &out, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("dừng giữa chừng"), "{}", stderr(&run));

    // A document cut short (as a full disk or a copy might leave it) is made again.
    let cut = out.join("cong-van-0002.docx");
    let whole = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let run = batch(&tpl, &data, &out, &["--resume"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let entries = manifest(&out);
    assert_eq!(entries.len(), n);
    let files = snapshot(&out);
    let docs: Vec<&String> = files.keys().filter(|k| k.ends_with(".docx")).collect();
    assert_eq!(docs.len(), n, "one document per record, no copies");
    assert!(docs.iter().all(|d| !d.contains("-2.")), "no -2 copies");
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["record"], i + 1);
        assert_eq!(e["file"], format!("cong-van-{:04}.docx", i + 1));
    }
    assert!(body(&files["cong-van-0002.docx"]).contains("Công đoàn số 2 A"));
    assert!(!out.join(".vanban-batch.lock").exists());
    assert!(!out.join(".vanban-batch.jsonl").exists());
}

#[cfg(unix)]
#[test]
fn ctrl_c_releases_the_folder_and_keeps_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = data(dir.path(), 8_000, "A");
    let out = dir.path().join("ra");
    let child = batch_command(&tpl, &data, &out)
        .args(["--jobs", "1"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let journal = out.join(".vanban-batch.jsonl");
    while !std::fs::read_to_string(&journal).is_ok_and(|t| t.contains("\"done\"")) {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let ended = child.wait_with_output().unwrap();
    assert_eq!(ended.status.code(), Some(130), "{}", stderr(&ended));
    assert!(!out.join(".vanban-batch.lock").exists());
    assert!(journal.exists());
    let run = batch(&tpl, &data, &out, &["--resume"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(manifest(&out).len(), 8_000);
}

#[test]
fn a_bad_name_pattern_stops_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (tpl, data) = (template(dir.path()), data(dir.path(), 2, "A"));
    let out = dir.path().join("ra");
    for (pattern, says) in [
        ("{{ma | khong_co}}.docx", "không có bộ lọc \"khong_co\""),
        ("{{ma}-{{ten_don_vi}}", "chưa được đóng"),
        ("{{ten_don_vi | so: 1, 2, 3}}", "sai số tham số"),
        ("{{ma_so}}-{{ten_don_vi}}", "\"ma_so\""),
        ("{{#ds}}{{/ds}}", "không dùng mục"),
    ] {
        let run = batch(&tpl, &data, &out, &["--name", pattern]);
        assert_eq!(run.status.code(), Some(2), "{pattern}: {}", stderr(&run));
        let message = stderr(&run);
        assert!(message.contains("mẫu tên tệp"), "{pattern}: {message}");
        assert!(message.contains(says), "{pattern}: {message}");
        assert!(!out.exists(), "{pattern}: nothing written");
    }
}

#[test]
fn name_filters_take_their_arguments_as_in_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let (tpl, data) = (template(dir.path()), data(dir.path(), 2, "A"));
    let out = dir.path().join("ra");
    let run = batch(
        &tpl,
        &data,
        &out,
        &[
            "--name",
            "{{ma}}-{{so_doan_vien | so: 1}}-{{ten_don_vi | hoa}}",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let names: Vec<String> = snapshot(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            "HU01-1.005,0-CÔNG ĐOÀN SỐ 1 A.docx",
            "HU02-2.005,0-CÔNG ĐOÀN SỐ 2 A.docx",
            "manifest.csv",
            "manifest.json"
        ]
    );
}
