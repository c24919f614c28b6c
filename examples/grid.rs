//! Print the cell grid tassei reads from a PDF or text report (a debugging aid):
//! `cargo run --example grid -- FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: grid FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(3);
        }
    };
    match tassei::pipeline::grid_of(&bytes, &Default::default()) {
        Ok((grid, _, _)) => {
            for row in &grid.rows {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|c| format!("[{}] {}", c.col, c.text.replace('\n', "⏎")))
                    .collect();
                println!("{:?} p{:?} | {}", row.kind, row.loc.page, cells.join(" | "));
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
