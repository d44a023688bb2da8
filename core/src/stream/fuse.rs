//! The state every decoder shares: once failed, always failed, and errors are delivered
//! after the events that preceded them; and whether the stream reached its end.

use super::event::StreamEvent;
use crate::problem::{Code, Error, Problem};

#[derive(Clone, Debug, Default)]
pub(crate) struct Fuse {
    failed: Option<Error>,
}

impl Fuse {
    /// The stored error, if the decoder already failed.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match &self.failed {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Records the outcome of one decoding step.
    pub(crate) fn record<T>(&mut self, r: Result<T, Error>) -> Result<T, Error> {
        if let Err(e) = &r {
            if self.failed.is_none() {
                self.failed = Some(e.clone());
            }
        }
        r
    }
}

/// `push` on top of `push_into`: events decoded before an error are returned, and the error
/// (kept by the decoder's fuse) comes from the next call.
pub(crate) fn push_vec<T>(
    r: impl FnOnce(&mut Vec<T>) -> Result<(), Error>,
) -> Result<Vec<T>, Error> {
    let mut out = Vec::new();
    match r(&mut out) {
        Ok(()) => Ok(out),
        Err(e) if out.is_empty() => Err(e),
        Err(_) => Ok(out),
    }
}

/// Whether the events seen so far make a complete response: one that reached `message_stop`,
/// or that the provider ended with an `error` event. A connection closed cleanly between two
/// events is otherwise indistinguishable from a finished response.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ending {
    events: usize,
    ended: bool,
}

impl Ending {
    pub(crate) fn note(&mut self, e: &StreamEvent) {
        self.events += 1;
        self.ended |= e.is_terminal();
    }

    /// `STREAM_TRUNCATED` unless the stream ended.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.ended {
            return Ok(());
        }
        let (message, help) = if self.events == 0 {
            (
                "The response stream ended without any event (an empty body).".to_owned(),
                "The connection closed before the response began, or a gateway or proxy answered the streaming request with an empty body: retry; if it keeps happening, check that the endpoint (ANTHROPIC_BASE_URL or the provider's base URL) serves streaming /v1/messages.",
            )
        } else {
            (
                format!(
                    "The response stream ended without `message_stop`, after {} event{}: the response is incomplete.",
                    self.events,
                    if self.events == 1 { "" } else { "s" }
                ),
                "The connection closed before the response was complete: retry; if it keeps happening, a proxy or gateway is cutting the stream (check its read and idle timeouts and response buffering).",
            )
        };
        Err(Problem::error(Code::StreamTruncated, message, help).into())
    }
}
