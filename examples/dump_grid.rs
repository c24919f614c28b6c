//! Print the grid a front end gives for a file, one row a line: page,
//! table id, kind, and each cell as `[col+col_span v row_span]text`.
//! A developer's aid for new layouts: `cargo run --example dump_grid FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump_grid FILE");
        std::process::exit(2);
    };
    let result = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| {
            tassei::pipeline::grid_of(&b, &tassei::pipeline::Options::default())
                .map_err(|e| e.to_string())
        });
    let (grid, _, _) = match result {
        Ok(g) => g,
        Err(e) => {
            eprintln!("dump_grid: {path}: {e}");
            std::process::exit(1);
        }
    };
    for r in &grid.rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| {
                let cs = if c.col_span > 1 {
                    format!("+{}", c.col_span)
                } else {
                    String::new()
                };
                let rs = if c.row_span > 1 {
                    format!("v{}", c.row_span)
                } else {
                    String::new()
                };
                format!("[{}{cs}{rs}]{}", c.col, c.text.replace('\n', "⏎"))
            })
            .collect();
        println!(
            "p{:?} t{:?} {:?} {}",
            r.loc.page,
            r.table,
            r.kind,
            cells.join(" | ")
        );
    }
}
