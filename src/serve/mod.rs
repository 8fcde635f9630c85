//! `vanban serve`: the web page for office staff and the HTTP API for
//! document systems, on one address.
//!
//! - [`engine`] is the only door to the library;
//! - [`routes`] holds the handlers, [`error`] the JSON errors with stable codes;
//! - [`page`] serves the page embedded in the binary.

mod engine;
mod error;
mod page;
mod routes;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vanban::{Error, Result};

/// Start the web page and the HTTP API.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to listen on; 0.0.0.0:8080 shares the page on the office network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Require this key: the page asks for it once, the API wants
    /// `Authorization: Bearer KEY`.
    #[arg(long, env = "VANBAN_ACCESS_KEY", hide_env_values = true)]
    access_key: Option<String>,
    /// The largest upload accepted, in megabytes.
    #[arg(long, default_value_t = 50)]
    max_upload: usize,
    /// The longest a request may take, in seconds.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// A folder of the office's own .docx templates, offered by file name
    /// beside the pack (compiled once, at start).
    #[arg(long, value_name = "THU_MUC")]
    templates: Option<PathBuf>,
}

/// What every request shares.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The key the API requires, if any.
    pub access_key: Option<String>,
    /// The largest request body, in bytes.
    pub max_upload: usize,
    /// The longest a request may take.
    pub timeout: Duration,
}

/// Runs the server until Ctrl+C.
pub fn run(a: Args) -> Result<std::process::ExitCode> {
    let settings = Settings {
        access_key: a.access_key.filter(|k| !k.is_empty()),
        max_upload: a.max_upload.saturating_mul(1024 * 1024),
        timeout: Duration::from_secs(a.timeout.max(1)),
    };
    if let Some(dir) = &a.templates {
        let count = engine::load_folder(dir)?;
        eprintln!(
            "vanban: {count} mẫu của đơn vị từ {} (ngoài các mẫu có sẵn)",
            dir.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio", e))?;
    runtime.block_on(serve(a.addr, settings))?;
    Ok(std::process::ExitCode::SUCCESS)
}

async fn serve(addr: SocketAddr, settings: Settings) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| bind_error(addr, e))?;
    let bound = listener.local_addr().map_err(|e| bind_error(addr, e))?;
    announce(bound, settings.access_key.is_some());
    tokio::task::spawn_blocking(engine::warm_up);
    let app = routes::router(settings);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| bind_error(addr, e))
}

/// Prints where to open the page (the first line is `http://ADDR`, read by
/// programs that start the server on port 0), and warns when the page is open
/// to the whole network without a key.
fn announce(bound: SocketAddr, has_key: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "http://{bound}");
    let _ = out.flush();
    if bound.ip().is_unspecified() {
        eprintln!(
            "vanban: trang đang mở cho cả mạng nội bộ: mở http://<địa chỉ IP của máy này>:{} trên máy khác.",
            bound.port()
        );
        if !has_key {
            eprintln!(
                "vanban: CẢNH BÁO: chưa đặt --access-key, nên bất kỳ ai trong mạng cũng dùng được. \
                 Hãy chạy lại với --access-key <mã> (hoặc biến môi trường VANBAN_ACCESS_KEY)."
            );
        }
    } else {
        eprintln!("vanban: mở trình duyệt tại http://{bound} (Ctrl+C để dừng)");
    }
}

fn bind_error(addr: SocketAddr, e: std::io::Error) -> Error {
    let detail = match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            "địa chỉ này đang được chương trình khác dùng; hãy chọn cổng khác, ví dụ --addr 127.0.0.1:8081".to_string()
        }
        std::io::ErrorKind::PermissionDenied => {
            "không có quyền mở cổng này; hãy chọn cổng lớn hơn 1024".to_string()
        }
        _ => format!("không mở được địa chỉ này ({e})"),
    };
    Error::Data {
        path: addr.to_string().into(),
        detail,
    }
}
