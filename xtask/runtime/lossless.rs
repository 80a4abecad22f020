//! How much of a JSON value a decoded model keeps: the measure the enum
//! macros (`untagged_enum!`, and `tagged_enum!` for an object without its
//! discriminator) choose a variant by, so that a value decoded from valid
//! JSON serialises back to the same JSON.

/// How many properties of `input` (at any depth) `decoded`, written back,
/// no longer has (`usize::MAX` when it cannot be written back).
pub fn lost<T: serde::Serialize>(input: &serde_json::Value, decoded: &T) -> usize {
    match serde_json::to_value(decoded) {
        Ok(written) => missing(input, &written),
        Err(_) => usize::MAX,
    }
}

fn missing(input: &serde_json::Value, written: &serde_json::Value) -> usize {
    use serde_json::Value;
    match (input, written) {
        (Value::Object(input), Value::Object(written)) => input
            .iter()
            .map(|(key, value)| match written.get(key) {
                Some(kept) => missing(value, kept),
                None => 1,
            })
            .sum(),
        (Value::Array(input), Value::Array(written)) => {
            input
                .iter()
                .zip(written)
                .map(|(a, b)| missing(a, b))
                .sum::<usize>()
                + input.len().saturating_sub(written.len())
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lost_properties_are_counted_at_any_depth() {
        let input = json!({"a": 1, "b": {"c": 2, "d": [{"e": 3}]}});
        assert_eq!(lost(&input, &input), 0);
        assert_eq!(lost(&input, &json!({"a": 1})), 1);
        assert_eq!(lost(&input, &json!({"a": 1, "b": {"d": [{}]}})), 2);
        assert_eq!(lost(&json!("text"), &json!(1)), 0);
    }
}
