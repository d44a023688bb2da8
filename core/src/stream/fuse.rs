//! The failure state every decoder shares: once failed, always failed, and errors are
//! delivered after the events that preceded them.

use crate::problem::Error;

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
