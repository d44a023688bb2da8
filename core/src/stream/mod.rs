//! Sans-I/O decoders for every provider's response stream (SSE, AWS event-stream) into one
//! Anthropic event stream. (Interface; implemented by the streaming work.)
