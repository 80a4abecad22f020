//! The README's usage example compiles (it is the `example` module below)
//! and the README shows exactly that code.

// Compiled, not run: it would call the real API.
#[allow(dead_code)]
#[path = "readme/example.rs"]
mod example;

// Run: the README's test of code that calls the client, on the mock.
#[path = "readme/mock.rs"]
mod mock;

#[test]
fn readme_shows_the_compiled_example() {
    let readme = include_str!("../README.md");
    let example = include_str!("readme/example.rs");
    assert!(
        readme.contains(&format!("```rust,no_run\n{example}```")),
        "README.md's example and tests/readme/example.rs differ; keep them the same"
    );
    let mock = include_str!("readme/mock.rs");
    assert!(
        readme.contains(&format!("```rust,ignore\n{mock}```")),
        "README.md's mock example and tests/readme/mock.rs differ; keep them the same"
    );
}
