//! The corpus's proof on the documents' own examples: every example that
//! is valid against its schema decodes into the generated type and
//! serialises back to the same JSON, apart from keys the schema does not
//! name.
//!
//! This writes the `corpus-examples` crate into the corpus workspace; its
//! `main` (`tests/fixtures/corpus/examples.rs`, the hand-written half)
//! validates each example with a JSON Schema validator, round-trips it
//! through the generated type and prints the counts. What is written here
//! is the other half, per document:
//!
//! - `src/<doc>.rs`: one `round_trip::<T>` per distinct Rust type the
//!   examples decode as, `T` rendered by the generator's own renderer;
//! - `data/<doc>.json`: the normalised document (the schemas the
//!   validator reads, as the generator saw them) and each example with its
//!   schema's pointer and its type's index in that table.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::emit::{Scope, rust_type};
use serde_json::{Value, json};

use crate::Error;

/// One document to prove: the crate generated from it and its spec.
pub struct Document<'a> {
    /// The name `corpus-examples` reports it under (`composition`, `github`).
    pub name: &'a str,
    /// The generated crate's Rust name (`corpus_composition`).
    pub krate: String,
    pub spec: &'a Path,
}

/// Writes the `corpus-examples` crate into `dir` (beside the generated
/// crates it depends on) for `documents`.
pub fn write_crate(root: &Path, dir: &Path, documents: &[Document<'_>]) -> Result<(), Error> {
    let mut modules = String::new();
    let mut table = String::new();
    let mut deps = String::new();
    for doc in documents {
        let module = doc.name.replace('-', "_");
        let types = write_document(doc, &dir.join(format!("data/{}.json", doc.name)))?;
        let models_use = if types.iter().any(|t| t.contains("models::")) {
            format!("use {}::models;\n\n", doc.krate)
        } else {
            String::new()
        };
        let mut source = format!(
            "//! Written by `cargo xtask corpus`: the Rust type of each example of `{}`,\n\
             //! by its index in `data/{}.json`.\n\n{models_use}\
             pub const TYPES: &[crate::proof::RoundTrip] = &[\n",
            doc.spec.display(),
            doc.name,
        );
        for ty in &types {
            source.push_str(&format!("    crate::proof::round_trip::<{ty}>,\n"));
        }
        source.push_str("];\n");
        crate::corpus::write(&dir.join(format!("src/{module}.rs")), &source)?;
        modules.push_str(&format!("mod {module};\n"));
        table.push_str(&format!("        ({:?}, {module}::TYPES),\n", doc.name));
        deps.push_str(&format!(
            "{} = {{ path = \"../{}\" }}\n",
            doc.krate.replace('_', "-"),
            doc.name
        ));
    }
    let manifest = format!(
        "# Written by `cargo xtask corpus`.\n[package]\nname = \"corpus-examples\"\nversion = \"0.0.0\"\n\
         edition = \"2024\"\npublish = false\n\n[dependencies]\n{deps}\
         jsonschema = {{ version = \"0.61\", default-features = false }}\n\
         serde = \"1\"\nserde_json = \"1\"\n"
    );
    crate::corpus::write(&dir.join("Cargo.toml"), &manifest)?;
    let main = format!(
        "//! Written by `cargo xtask corpus`: proves each document's examples\n\
         //! (see `proof.rs`).\n\n{modules}mod proof;\n\n\
         fn main() -> std::process::ExitCode {{\n    proof::main(&[\n{table}    ])\n}}\n"
    );
    crate::corpus::write(&dir.join("src/main.rs"), &main)?;
    let proof = root.join("tests/fixtures/corpus/examples.rs");
    let text = std::fs::read_to_string(&proof).map_err(Error::io(&proof))?;
    crate::corpus::write(&dir.join("src/proof.rs"), &text)
}

/// Writes the data of one document; returns its table of Rust types.
fn write_document(doc: &Document<'_>, data: &Path) -> Result<Vec<String>, Error> {
    let spec_error = |diagnostic| {
        Error::Codegen(codegen::Error::Spec {
            file: doc.spec.to_owned(),
            diagnostic,
        })
    };
    let spec = codegen::load::load(doc.spec)?;
    let (api, _) = codegen::model::build(&spec).map_err(spec_error)?;
    let examples = codegen::examples::collect(&spec.openapi, &api);
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    let mut cases = Vec::with_capacity(examples.cases.len());
    for case in examples.cases {
        let ty = rust_type(&case.ty, &api.types, Scope::Outside).to_string();
        let next = types.len();
        let index = *types.entry(ty).or_insert(next);
        cases.push(json!({
            "pointer": case.pointer,
            "schema": case.schema,
            "type": index,
            "value": case.value,
        }));
    }
    let unmapped: Vec<Value> = examples
        .unmapped
        .into_iter()
        .map(|u| json!({"pointer": u.pointer, "reason": u.reason}))
        .collect();
    let document = serde_json::to_value(&spec.openapi).map_err(|e| Error::Command {
        command: "corpus examples".to_owned(),
        detail: format!("{}: {e}", doc.spec.display()),
    })?;
    let text = json!({
        "document": document,
        "cases": cases,
        "unmapped": unmapped,
    })
    .to_string();
    crate::corpus::write(data, &text)?;
    let mut table: Vec<(String, usize)> = types.into_iter().collect();
    table.sort_by_key(|(_, index)| *index);
    Ok(table.into_iter().map(|(ty, _)| ty).collect())
}
