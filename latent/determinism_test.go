package latent

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/gradewalk/gradewalk/internal/pinned"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// digest hashes every draw the model holds, bit for bit.
func digest(m *Model) string {
	h := sha256.New()
	var buf [8]byte
	for _, ps := range m.params {
		for _, v := range ps {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			h.Write(buf[:])
		}
	}
	for _, th := range m.theta {
		for _, v := range th {
			binary.LittleEndian.PutUint32(buf[:4], math.Float32bits(v))
			h.Write(buf[:4])
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// pinnedDigest is the digest of the fit in TestDeterminism on amd64 at
// GOAMD64 v1 or v2 (pinned.Exact), where Go never fuses a multiplication
// and an addition, so that the race detector (in CI) must give the same
// numbers as a plain run. Any change to the sampler changes it.
const pinnedDigest = "fc0220a935bf8cd4"

// TestDeterminism: the same seed gives the same draws, bit for bit, on one
// processor or four, and (where pinned.Exact, against a pinned digest) with or
// without the race detector.
func TestDeterminism(t *testing.T) {
	obs := forcesPanel()[:300]
	opt := &Options{Chains: 4, Warmup: 100, Draws: 100, Seed: 42}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var digests []string
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		m, err := Fit(slices.Values(obs), opt)
		require.NoError(t, err)
		digests = append(digests, digest(m))
	}
	assert.Equal(t, digests[0], digests[1], "one processor against four")
	other, err := Fit(slices.Values(obs), &Options{Chains: 4, Warmup: 100, Draws: 100, Seed: 43})
	require.NoError(t, err)
	assert.NotEqual(t, digests[0], digest(other), "another seed")
	if pinned.Exact() {
		assert.Equal(t, pinnedDigest, digests[0], "the pinned digest (update it when the sampler changes)")
	}
}
