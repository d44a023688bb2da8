//! The vocabulary of a top-level body rewrite: which members to drop, which to write, and
//! what that means for each member a body has (its [`Fate`]).

/// A member to write. Without `if_absent` it replaces the body's member of that name in
/// place (or is appended when the body has none, or drops it); with `if_absent` it is
/// appended only when the body has no member of that name (a default, like `max_tokens`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetMember<'a> {
    pub key: &'a str,
    /// The raw JSON value.
    pub value: Vec<u8>,
    pub if_absent: bool,
}

/// The edits of a rewrite, in output order for the appended members.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edits<'a> {
    pub drop: Vec<&'a str>,
    pub set: Vec<SetMember<'a>>,
}

/// What a rewrite does with a member the body has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate<'v> {
    Keep,
    Drop,
    Replace(&'v [u8]),
}

impl Edits<'_> {
    pub fn fate(&self, key: &str) -> Fate<'_> {
        if self.drop.contains(&key) {
            return Fate::Drop;
        }
        match self.set.iter().find(|m| !m.if_absent && m.key == key) {
            Some(m) => Fate::Replace(&m.value),
            None => Fate::Keep,
        }
    }

    /// Whether a set member is appended after the body's members, given whether the body
    /// has a member of that name.
    pub fn appends(&self, m: &SetMember<'_>, present: bool) -> bool {
        if m.if_absent {
            !present
        } else {
            !present || self.drop.contains(&m.key)
        }
    }
}
