//! Server-Sent Events per the WHATWG HTML "event stream interpretation" rules, producing typed
//! Anthropic events.
//!
//! Lines end with CRLF, LF or CR; a leading UTF-8 BOM is dropped; `:` lines are comments;
//! `data` lines accumulate (joined with LF); `event` names the event; `id` (without NUL) sets
//! the last event ID; `retry` (digits only) sets the reconnection time; other fields are
//! ignored; an empty line dispatches, and an event with no `data` is not dispatched. Invalid
//! UTF-8 becomes U+FFFD. An event's type is its `event` name, or its JSON `type` when it has
//! no name (or the default name `message`).

use super::event::{EventType, StreamEvent};
use super::fuse::{push_vec, Ending, Fuse};
use super::Limits;
use crate::problem::{Code, Error, Problem};
use crate::provider::ProviderId;
use memchr::memchr2;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Incremental SSE decoder.
#[derive(Debug, Default)]
pub struct SseDecoder {
    limits: Limits,
    provider: Option<ProviderId>,
    /// Partial line carried to the next push.
    line: Vec<u8>,
    /// The last byte seen was CR: an LF first in the next push ends the same line.
    pending_cr: bool,
    /// BOM bytes matched so far, while the stream's first bytes are checked.
    bom_matched: usize,
    bom_done: bool,
    /// `event` field of the event being built (`None` when absent or empty).
    name: Option<EventType>,
    data: String,
    has_data: bool,
    last_event_id: String,
    retry_ms: Option<u64>,
    ending: Ending,
    fuse: Fuse,
}

impl SseDecoder {
    pub fn new(limits: &Limits) -> Self {
        Self {
            limits: *limits,
            ..Self::default()
        }
    }

    /// Names the provider, so that `error` events are classified with its fixes.
    pub fn with_provider(mut self, provider: ProviderId) -> Self {
        self.provider = Some(provider);
        self
    }

    /// The last event ID (`id` field), for a reconnection's `Last-Event-ID`.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// The reconnection time set by a `retry` field, in milliseconds.
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    /// Feeds bytes; appends the events completed to `out`. On error, `out` holds the events
    /// decoded before it.
    pub fn push_into(&mut self, input: &[u8], out: &mut Vec<StreamEvent>) -> Result<(), Error> {
        self.fuse.check()?;
        let r = self.feed(input, out);
        self.fuse.record(r)
    }

    /// Feeds bytes; returns the events completed. An error after some events is returned by
    /// the next call.
    pub fn push(&mut self, input: &[u8]) -> Result<Vec<StreamEvent>, Error> {
        push_vec(|out| self.push_into(input, out))
    }

    /// Ends the stream. Like a browser, drops an event that was not terminated by an empty
    /// line, but reports it: `STREAM_TRUNCATED`; so is a stream without `message_stop` (or an
    /// `error` event), including an empty one.
    pub fn finish(&mut self) -> Result<(), Error> {
        self.fuse.check()?;
        let partial_line = !self.line.is_empty() && self.line.first() != Some(&b':');
        let bom_prefix = !self.bom_done && self.bom_matched > 0;
        if partial_line || bom_prefix || self.has_data || self.name.is_some() {
            let e = Problem::error(
                Code::StreamTruncated,
                "The event stream ended in the middle of an event (no blank line after its last field); the event is dropped.",
                "The connection closed before the response was complete: retry; if it keeps happening, a proxy or gateway is cutting or buffering the stream.",
            )
            .into();
            return self.fuse.record(Err(e));
        }
        let r = self.ending.check();
        self.fuse.record(r)
    }

    fn feed(&mut self, mut input: &[u8], out: &mut Vec<StreamEvent>) -> Result<(), Error> {
        if !self.bom_done {
            while self.bom_matched < BOM.len() {
                match input.first() {
                    None => return Ok(()),
                    Some(&b) if b == BOM[self.bom_matched] => {
                        self.bom_matched += 1;
                        input = &input[1..];
                    }
                    Some(_) => break,
                }
            }
            self.bom_done = true;
            if self.bom_matched < BOM.len() {
                // Not a BOM: the bytes matched so far are content.
                let matched = &BOM[..self.bom_matched];
                self.feed_lines(matched, out)?;
            }
        }
        self.feed_lines(input, out)
    }

    fn feed_lines(&mut self, mut input: &[u8], out: &mut Vec<StreamEvent>) -> Result<(), Error> {
        if self.pending_cr && !input.is_empty() {
            self.pending_cr = false;
            if input[0] == b'\n' {
                input = &input[1..];
            }
        }
        while let Some(i) = memchr2(b'\n', b'\r', input) {
            let (content, rest) = input.split_at(i);
            if self.line.is_empty() {
                self.check_line(content.len())?;
                self.line_done(content, out)?;
            } else {
                self.check_line(self.line.len() + content.len())?;
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(content);
                let r = self.line_done(&line, out);
                line.clear();
                self.line = line;
                r?;
            }
            let cr = rest.first() == Some(&b'\r');
            input = rest.get(1..).unwrap_or(&[]);
            if cr {
                match input.first() {
                    Some(b'\n') => input = &input[1..],
                    Some(_) => {}
                    None => self.pending_cr = true,
                }
            }
        }
        if !input.is_empty() {
            self.check_line(self.line.len() + input.len())?;
            self.line.extend_from_slice(input);
        }
        Ok(())
    }

    fn check_line(&self, len: usize) -> Result<(), Error> {
        if len > self.limits.max_line_bytes {
            return Err(too_large(format!(
                "An SSE line is longer than the {}-byte limit.",
                self.limits.max_line_bytes
            )));
        }
        Ok(())
    }

    fn line_done(&mut self, line: &[u8], out: &mut Vec<StreamEvent>) -> Result<(), Error> {
        if line.is_empty() {
            return self.dispatch(out);
        }
        let (field, value) = match memchr::memchr(b':', line) {
            Some(0) => return Ok(()),
            Some(c) => {
                let v = &line[c + 1..];
                (&line[..c], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        match field {
            b"data" => {
                let extra = usize::from(self.has_data) + value.len();
                if self.data.len() + extra > self.limits.max_event_bytes {
                    return Err(too_large(format!(
                        "An event's data is larger than the {}-byte limit.",
                        self.limits.max_event_bytes
                    )));
                }
                if self.has_data {
                    self.data.push('\n');
                }
                match super::utf8(value) {
                    Some(s) => self.data.push_str(s),
                    None => self.data.push_str(&String::from_utf8_lossy(value)),
                }
                self.has_data = true;
            }
            b"event" => {
                self.name = match value {
                    b"" | b"message" => None,
                    v => Some(
                        EventType::known(v)
                            .unwrap_or_else(|| EventType::Other(String::from_utf8_lossy(v).into())),
                    ),
                };
            }
            b"id" if !value.contains(&0) => {
                self.last_event_id = String::from_utf8_lossy(value).into_owned();
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.retry_ms = std::str::from_utf8(value).ok().and_then(|s| s.parse().ok());
            }
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self, out: &mut Vec<StreamEvent>) -> Result<(), Error> {
        let name = self.name.take();
        if !std::mem::take(&mut self.has_data) {
            self.data.clear();
            return Ok(());
        }
        let data = std::mem::take(&mut self.data);
        let event = StreamEvent::from_data(name, data, self.provider, false)?;
        self.ending.note(&event);
        out.push(event);
        Ok(())
    }
}

fn too_large(message: String) -> Error {
    Problem::error(
        Code::StreamTooLarge,
        message,
        "Raise the decoder's maxLineBytes / maxEventBytes limit if such events are expected; otherwise the endpoint is not sending an Anthropic event stream.",
    )
    .into()
}
