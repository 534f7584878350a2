//go:build !amd64.v3

package pinned

// fusesMultiplyAdd reports whether the compiler may fuse a multiplication
// and an addition on amd64: from GOAMD64=v3 on, which has FMA.
const fusesMultiplyAdd = false
