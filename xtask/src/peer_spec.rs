//! `cargo xtask peer-spec`: the copy of a document that progenitor can
//! read, for `benches/compare.sh`: normalised to OpenAPI 3.0 and every
//! operation given the `operationId` this generator names it by.

use std::path::Path;

use codegen::{load, model, normalize};

use crate::Error;

/// Writes the peer's copy of `spec` to `out`; returns what was patched.
pub fn write(spec: &Path, out: &Path) -> Result<String, Error> {
    let text = std::fs::read_to_string(spec).map_err(Error::io(spec))?;
    let spec_error = |diagnostic| {
        Error::Codegen(codegen::Error::Spec {
            file: spec.to_owned(),
            diagnostic,
        })
    };
    let mut value = load::parse_value(&text).map_err(spec_error)?;
    let version = value["openapi"].as_str().unwrap_or("").to_owned();
    let is_3_1 = version.starts_with("3.1");
    if is_3_1 {
        normalize::normalize(&mut value).map_err(spec_error)?;
        value["openapi"] = "3.0.3".into();
    }
    let parsed = load::parse(&text).map_err(spec_error)?;
    let (api, _) = model::build(&parsed).map_err(spec_error)?;
    let mut added = 0;
    for op in &api.operations {
        let method = op.method.to_ascii_lowercase();
        if let Some(operation) = value
            .get_mut("paths")
            .and_then(|paths| paths.get_mut(&op.path))
            .and_then(|item| item.get_mut(&method))
            .and_then(serde_json::Value::as_object_mut)
        {
            if !operation.contains_key("operationId") {
                let id = op.name.trim_start_matches("r#").to_owned();
                operation.insert("operationId".to_owned(), id.into());
                added += 1;
            }
        }
    }
    std::fs::write(out, value.to_string()).map_err(Error::io(out))?;
    let converted = if is_3_1 {
        format!("openapi {version} → 3.0.3 (3.1 constructs rewritten by our normaliser); ")
    } else {
        String::new()
    };
    Ok(format!("{converted}{added} operationId(s) added"))
}
