//! The effective entry of every variable name, computed once per resolution.
//!
//! A resolution asks for ~100 variables, most of them unset. Scanning each settings layer and
//! then the process env's B-tree per question was a sixth of `resolve`; this table answers
//! each one with one short hash and, on a hit, one string compare. It holds only the names
//! [`vars::may_be_known`] admits (the core asks for little else), which keeps the bulk of a
//! real environment (PATH, LANG, …) out of it; [`crate::env::Env`] scans for the rest.

use crate::env::{LayerRef, SourceRef, Var};
use crate::vars;
use std::collections::BTreeMap;

/// Open-addressing table from a name to its effective [`Var`] (settings over process env),
/// for the names [`vars::may_be_known`] admits.
#[derive(Debug)]
pub(crate) struct EnvIndex<'a> {
    /// `0` is empty, else `1 +` an index into `entries`. Length: a power of two.
    slots: Slots,
    /// `64 - log2(slots.len())`: a slot is the hash's top bits (the best mixed ones of a
    /// multiplicative hash; the low bits clustered and made probes long).
    shift: u32,
    /// One bit per [`filter_bit`] of every name in the table: most lookups are of unset
    /// names, and most of those miss here without hashing the name.
    filter: u64,
    /// Each name's hash, effective entry, and whether that entry hides a lower one (another
    /// layer's, or the process env's).
    entries: Vec<(u64, Var<'a>, bool)>,
}

impl<'a> EnvIndex<'a> {
    /// `order` is highest precedence first, as [`crate::env::Env`] keeps it.
    pub fn new(process: &'a BTreeMap<String, String>, order: &[LayerRef<'a>]) -> Self {
        let layer_keys: usize = order.iter().filter_map(|l| l.env).map(|e| e.len()).sum();
        // The admitted process names, in one pass. The map's keys are unique, so each is placed
        // without a duplicate check once the table's size is known.
        let mut entries = Vec::with_capacity(layer_keys + 8);
        let mut filter = 0;
        for (k, v) in process.iter().filter(|(k, _)| vars::may_be_known(k)) {
            filter |= filter_bit(k.as_bytes());
            let var = Var {
                name: k,
                raw: v,
                source: SourceRef::Process,
            };
            entries.push((name_hash(k.as_bytes()), var, false));
        }
        let n = entries.len() + layer_keys;
        let len = (2 * n).next_power_of_two().max(INLINE_SLOTS);
        let mut index = Self {
            slots: if len == INLINE_SLOTS {
                Slots::Inline([0; INLINE_SLOTS])
            } else {
                Slots::Heap(vec![0; len])
            },
            shift: 64 - len.trailing_zeros(),
            filter,
            entries,
        };
        let mask = len - 1;
        let slots: &mut [u32] = &mut index.slots;
        for (pos, (h, ..)) in index.entries.iter().enumerate() {
            let mut i = (h >> index.shift) as usize;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = pos as u32 + 1;
        }
        // Lowest precedence first, so a higher layer's value replaces a lower one's. A
        // non-string value is no value (Claude Code skips it), so the layer below shows.
        for l in order.iter().rev() {
            for (k, v) in l.env.into_iter().flatten() {
                if let Some(raw) = v.as_str().filter(|_| vars::may_be_known(k)) {
                    index.set(Var {
                        name: k,
                        raw,
                        source: SourceRef::Settings(l.layer),
                    });
                }
            }
        }
        index
    }

    /// The effective entry for `name` (one [`vars::may_be_known`] admits), blank values included.
    #[inline]
    pub fn get(&self, name: &str) -> Option<Var<'a>> {
        if self.filter & filter_bit(name.as_bytes()) == 0 {
            return None;
        }
        self.probe(name)
    }

    /// [`EnvIndex::get`] past the filter.
    #[inline(never)]
    fn probe(&self, name: &str) -> Option<Var<'a>> {
        let h = name_hash(name.as_bytes());
        let slots: &[u32] = &self.slots;
        let mask = slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        loop {
            let e = slots[i];
            if e == 0 {
                return None;
            }
            let (eh, var, _) = &self.entries[e as usize - 1];
            if *eh == h && var.name == name {
                return Some(*var);
            }
            i = (i + 1) & mask;
        }
    }

    /// Every admitted name set anywhere, once each, with its effective entry (unordered).
    pub fn vars(&self) -> impl Iterator<Item = &Var<'a>> {
        self.entries.iter().map(|(_, v, _)| v)
    }

    /// [`EnvIndex::vars`] that are in [`vars::KNOWN`], with their position there (found with
    /// the hash already taken, not a second one) and whether they hide a lower value.
    pub fn known(&self) -> impl Iterator<Item = (usize, &Var<'a>, bool)> {
        self.entries
            .iter()
            .filter_map(|(h, v, hides)| Some((vars::index_of_hashed(v.name, *h)?, v, *hides)))
    }

    fn set(&mut self, var: Var<'a>) {
        self.filter |= filter_bit(var.name.as_bytes());
        let h = name_hash(var.name.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = (h >> self.shift) as usize;
        loop {
            let e = self.slots[i];
            if e == 0 {
                self.entries.push((h, var, false));
                self.slots[i] = self.entries.len() as u32;
                return;
            }
            let (eh, old, hides) = &mut self.entries[e as usize - 1];
            if *eh == h && old.name == var.name {
                *old = var;
                *hides = true;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Slots kept inline: room for 32 names at half load, more than a typical configuration
/// admits, so most tables cost no allocation.
const INLINE_SLOTS: usize = 64;

// Large inline on purpose: one table lives on the stack per resolution, and not
// allocating it is the point.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
enum Slots {
    Inline([u32; INLINE_SLOTS]),
    Heap(Vec<u32>),
}

impl std::ops::Deref for Slots {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        match self {
            Slots::Inline(a) => a,
            Slots::Heap(v) => v,
        }
    }
}

impl std::ops::DerefMut for Slots {
    fn deref_mut(&mut self) -> &mut [u32] {
        match self {
            Slots::Inline(a) => a,
            Slots::Heap(v) => v,
        }
    }
}

/// A name's bit in [`EnvIndex`]'s filter, from its length and two of its bytes (no hash).
#[inline]
fn filter_bit(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let (last, mid) = match n {
        0 => (0, 0),
        _ => (bytes[n - 1], bytes[n / 2]),
    };
    let k = (n as u32)
        .wrapping_mul(7)
        .wrapping_add(u32::from(last).wrapping_mul(13))
        .wrapping_add(u32::from(mid).wrapping_mul(5));
    1 << (k & 63)
}

/// Eight bytes per step (FxHash-style): names are ~20-40 bytes, and FNV's byte loop or SipHash
/// would cost more than the lookup saves. Not DoS-resistant, which a per-call table of the
/// caller's own environment does not need.
pub(crate) fn name_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ word(c)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The last eight bytes, overlapping the previous word (no copy); shorter names are
        // folded in byte by byte.
        let w = if bytes.len() >= 8 {
            word(&bytes[bytes.len() - 8..])
        } else {
            rest.iter().fold(0, |w, b| (w << 8) | u64::from(*b))
        };
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    h ^ (h >> 29)
}
