//! Building the exact HTTP request each provider expects. (Filled in next.)
