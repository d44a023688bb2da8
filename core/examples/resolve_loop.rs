//! Runs `resolve` in a loop on the bench configuration, for profilers (`valgrind --tool=callgrind`).
#[path = "../benches/resolve.rs"]
#[allow(dead_code)]
mod bench;

fn main() {
    let input = bench::bedrock_input();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let mut providers = 0usize;
    for _ in 0..n {
        providers += claude_provider_core::resolve(std::hint::black_box(&input))
            .problems
            .len();
    }
    println!("{providers}");
}
