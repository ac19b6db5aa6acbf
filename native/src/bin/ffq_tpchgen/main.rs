//! `ffq-tpchgen --sf 0.01 --out DIR`: writes TPC-H Parquet files and a catalog.

mod tpch;

fn main() {
    let mut sf = 0.01f64;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sf" => sf = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()),
            "--out" => out = args.next(),
            _ => usage(),
        }
    }
    let Some(out) = out else { usage() };
    let start = std::time::Instant::now();
    match tpch::generate(sf, std::path::Path::new(&out)) {
        Ok(catalog) => {
            println!("wrote TPC-H SF {sf} to {out} in {:.1}s; catalog: {}", start.elapsed().as_secs_f64(), catalog.display());
        }
        Err(e) => {
            eprintln!("ffq-tpchgen: {} ({})", e.message, e.status.name());
            std::process::exit(1);
        }
    }
}

fn usage() -> ! {
    eprintln!("usage: ffq-tpchgen [--sf SCALE_FACTOR] --out DIR");
    std::process::exit(2);
}
