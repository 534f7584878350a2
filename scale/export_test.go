package scale

// InternedLen exposes the size of the intern table to the tests.
var InternedLen = internedLen
