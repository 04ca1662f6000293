// No console window behind the app in Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    prefer_shared_memory_rendering();
    candor_app_lib::run();
}

/// WebKitGTK's DMA-BUF renderer keeps GPU-shareable buffers for compositing, which a window
/// of forms and still charts does not need. Without it the web process held 109 MiB rather
/// than 195 MiB with the case list shown, and 179–190 MiB rather than 330–360 MiB with a
/// large case open (measured under Xvfb). The renderer is chosen from the environment when
/// WebKit starts, and setting a variable in a running process is unsafe (other threads may
/// read the environment), so the app starts itself again with it set: one `exec`, a few
/// milliseconds. A value the user set is left alone.
#[cfg(target_os = "linux")]
fn prefer_shared_memory_rendering() {
    use std::os::unix::process::CommandExt;
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::env::var_os(VAR).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let err = std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(VAR, "1").exec();
    eprintln!("Candor goes on with WebKit's default renderer: it could not restart itself ({err})");
}
