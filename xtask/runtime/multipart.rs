//! `multipart/form-data` request bodies (RFC 7578), built in memory so that
//! a retry can send the same bytes again.

use std::fmt;

use crate::request::Request;

crate::json_struct::json_struct! {
    /// A file to upload in a `multipart/form-data` field.
    #[derive(Clone, Default, PartialEq, Eq)]
    pub struct File {
        /// The file's contents.
        #[json("bytes", required)] pub bytes: Vec<u8>,
        /// The name the server sees (`filename=` of the part).
        #[json("file_name", required_nullable)] pub file_name: Option<String>,
        /// The part's `Content-Type` (default `application/octet-stream`).
        #[json("content_type", required_nullable)] pub content_type: Option<String>,
    }
}

impl File {
    /// A file with these contents, no name and the default content type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name the server sees.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type, such as `image/png`.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// The parts of a body, in order.
pub struct Form {
    boundary: String,
    body: Vec<u8>,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl Form {
    pub fn new() -> Self {
        let boundary: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(32)
            .collect();
        Form {
            boundary: format!("----form-{boundary}"),
            body: Vec::new(),
        }
    }

    fn part(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        data: &[u8],
    ) {
        let body = &mut self.body;
        body.extend_from_slice(b"--");
        body.extend_from_slice(self.boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(escape(name).as_bytes());
        body.push(b'"');
        if let Some(file_name) = file_name {
            body.extend_from_slice(b"; filename=\"");
            body.extend_from_slice(escape(file_name).as_bytes());
            body.push(b'"');
        }
        if let Some(content_type) = content_type {
            body.extend_from_slice(b"\r\nContent-Type: ");
            body.extend_from_slice(content_type.replace(['\r', '\n'], " ").as_bytes());
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }

    /// A text field.
    pub fn text(&mut self, name: &str, value: &dyn fmt::Display) {
        self.part(name, None, None, value.to_string().as_bytes());
    }

    /// A file field.
    pub fn file(&mut self, name: &str, file: &File) {
        let file_name = file.file_name.as_deref().unwrap_or(name);
        let content_type = file
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        self.part(name, Some(file_name), Some(content_type), &file.bytes);
    }

    /// A field holding JSON (objects and lists of objects).
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        // Models always serialise; an error would leave the field out.
        if let Ok(json) = serde_json::to_vec(value) {
            self.part(name, None, Some("application/json"), &json);
        }
    }

    /// The `Content-Type` header and the body.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"--\r\n");
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.body,
        )
    }
}

impl Request<'_> {
    /// Sets a `multipart/form-data` body.
    pub fn multipart_body(&mut self, form: Form) {
        let (content_type, body) = form.finish();
        self.body_with_type(&content_type, body);
    }
}

/// Quotes and line breaks in a name, percent-encoded as browsers do.
fn escape(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary() {
        let mut form = Form::new();
        form.text("caption", &"a \"b\"");
        form.file(
            "file",
            &File::new(*b"\x00\x01")
                .file_name("x.png")
                .content_type("image/png"),
        );
        let boundary = form.boundary.clone();
        let (content_type, body) = form.finish();
        assert_eq!(
            content_type,
            format!("multipart/form-data; boundary={boundary}")
        );
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\na \"b\"\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n\x00\x01\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(body, expected.as_bytes());
    }
}
