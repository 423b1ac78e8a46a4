// checklog: checks a transparency log exported by `ansinh log export` with
// Go's own implementations, golang.org/x/mod/sumdb/note and sumdb/tlog,
// which share no code with ansinh's C:
//
//   - the checkpoint (C2SP tlog-checkpoint in a C2SP signed note) opens with
//     note.Open under the log's verifier key;
//   - tlog.TileHashReader authenticates the tiles against the checkpoint,
//     and tlog.TreeHash over them gives the checkpoint's root;
//   - every entry bundle's leaves hash (tlog.RecordHash) to the tiles' leaf
//     hashes, and each leaf is an "ansinh-entry/1" record of its entry;
//   - tlog.ProveRecord/CheckRecord and ProveTree/CheckTree hold for sampled
//     leaves and sizes, and from an older exported checkpoint (-old);
//   - proofs printed by `ansinh log prove` and `ansinh log consistency`
//     (-proof) check with tlog.CheckRecord / tlog.CheckTree;
//   - with -skey (the key `ansinh log key export` prints), note.Sign makes
//     the very checkpoint ansinh signed, byte for byte.
//
// -dir is the exported directory, or the URL of a served log
// (http://HOST:PORT/log, as `ansinh serve` publishes it): then every
// checkpoint, tile and bundle is read over HTTP with a plain GET (a
// tlog.TileReader over HTTP), and must come back 200.
//
// Prints "ok: ..." and exits 0, or prints what is wrong and exits 1.
//
// Build offline against Debian's golang-golang-x-mod-dev:
//   GO111MODULE=off GOPATH=/usr/share/gocode go build tests/interop/checklog.go
package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8 // C2SP tlog-tiles

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
	msg    []byte
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "checklog: FAILED: "+format+"\n", args...)
	os.Exit(1)
}

// openCheckpoint verifies a signed checkpoint with the verifier and parses
// its body: origin, decimal size, base64 root, no extension lines expected.
func openCheckpoint(msg []byte, v note.Verifier, what string) checkpoint {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fail("%s: note.Open: %v", what, err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) != 3 {
		fail("%s: checkpoint body has %d lines, want 3", what, len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		fail("%s: bad tree size %q", what, lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("%s: bad root hash %q", what, lines[2])
	}
	var root tlog.Hash
	copy(root[:], raw)
	return checkpoint{lines[0], size, root, msg}
}

// get reads resource p ("checkpoint", "tile/...") of the log at src: a
// directory, or an http:// URL.
func get(src, p string) ([]byte, error) {
	if !strings.HasPrefix(src, "http://") {
		return os.ReadFile(filepath.Join(src, p))
	}
	r, err := http.Get(strings.TrimSuffix(src, "/") + "/" + p)
	if err != nil {
		return nil, err
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	if r.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", p, r.Status)
	}
	return b, nil
}

// dirTiles serves the exported files (or the served ones) to tlog as tiles
// of height 8: Go names them tile/8/L/N, C2SP (and ansinh) tile/L/N.
type dirTiles struct{ dir string }

func c2spPath(t tlog.Tile) string {
	return strings.Replace(t.Path(), fmt.Sprintf("tile/%d/", height), "tile/", 1)
}

func (d dirTiles) Height() int { return height }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := get(d.dir, c2spPath(t))
		if err != nil {
			return nil, err
		}
		if len(b) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("%s: %d bytes, want %d", c2spPath(t), len(b), t.W*tlog.HashSize)
		}
		out[i] = b
	}
	return out, nil
}

func (d dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

// bundle reads entry bundle n (width w): big-endian uint16 length + leaf.
func bundle(dir string, n int64, w int) [][]byte {
	t := tlog.Tile{H: height, L: -1, N: n, W: w}
	p := strings.Replace(t.Path(), fmt.Sprintf("tile/%d/data/", height), "tile/entries/", 1)
	b, err := get(dir, p)
	if err != nil {
		fail("entry bundle: %v", err)
	}
	var leaves [][]byte
	for len(b) > 0 {
		if len(b) < 2 {
			fail("%s: truncated length", p)
		}
		l := int(b[0])<<8 | int(b[1])
		if len(b) < 2+l {
			fail("%s: truncated entry", p)
		}
		leaves = append(leaves, b[2:2+l])
		b = b[2+l:]
	}
	if len(leaves) != w {
		fail("%s: %d entries, want %d", p, len(leaves), w)
	}
	return leaves
}

// checkProofFile checks a proof document of ansinh (docs/transparency-log.md)
// with tlog.CheckRecord or tlog.CheckTree.
func checkProofFile(path string, v note.Verifier) string {
	b, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	head, cp, ok := strings.Cut(string(b), "\n\n")
	if !ok {
		fail("%s: no blank line before the checkpoint", path)
	}
	c := openCheckpoint([]byte(cp), v, path)
	lines := strings.Split(head, "\n")
	fields := map[string]string{}
	var proof []tlog.Hash
	for _, l := range lines[1:] {
		k, val, _ := strings.Cut(l, " ")
		if k == "hash" {
			h, err := tlog.ParseHash(val)
			if err != nil {
				fail("%s: %v", path, err)
			}
			proof = append(proof, h)
		} else {
			fields[k] = val
		}
	}
	num := func(k string) int64 {
		n, err := strconv.ParseInt(fields[k], 10, 64)
		if err != nil {
			fail("%s: %s: %v", path, k, err)
		}
		return n
	}
	if num("size") != c.size {
		fail("%s: size %d, checkpoint %d", path, num("size"), c.size)
	}
	switch lines[0] {
	case "ansinh-proof/1 inclusion":
		entry, err := base64.StdEncoding.DecodeString(fields["entry"])
		if err != nil {
			fail("%s: entry: %v", path, err)
		}
		if err := tlog.CheckRecord(proof, c.size, c.root, num("index"), tlog.RecordHash(entry)); err != nil {
			fail("%s: tlog.CheckRecord: %v", path, err)
		}
		return fmt.Sprintf("inclusion of leaf %d in %d", num("index"), c.size)
	case "ansinh-proof/1 consistency":
		old, err := tlog.ParseHash(fields["old-root"])
		if err != nil {
			fail("%s: old-root: %v", path, err)
		}
		if err := tlog.CheckTree(proof, c.size, c.root, num("old-size"), old); err != nil {
			fail("%s: tlog.CheckTree: %v", path, err)
		}
		return fmt.Sprintf("consistency %d -> %d", num("old-size"), c.size)
	}
	fail("%s: unknown proof type %q", path, lines[0])
	return ""
}

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(s string) error { *l = append(*l, s); return nil }

func main() {
	dir := flag.String("dir", "", "exported log directory")
	vkey := flag.String("key", "", "verifier key")
	skey := flag.String("skey", "", "signer key (optional): the checkpoint must be note.Sign's, byte for byte")
	old := flag.String("old", "", "an older signed checkpoint of the same log (optional)")
	var proofs list
	flag.Var(&proofs, "proof", "a proof document from ansinh log prove / consistency (repeatable)")
	flag.Parse()
	if *dir == "" || *vkey == "" {
		fail("usage: checklog -dir DIR -key VKEY [-skey SKEY] [-old FILE] [-proof FILE]...")
	}
	v, err := note.NewVerifier(*vkey)
	if err != nil {
		fail("note.NewVerifier: %v", err)
	}
	msg, err := get(*dir, "checkpoint")
	if err != nil {
		fail("%v", err)
	}
	c := openCheckpoint(msg, v, "checkpoint")
	if c.origin != v.Name() {
		fail("origin %q is not the key's name %q", c.origin, v.Name())
	}
	if *skey != "" {
		s, err := note.NewSigner(*skey)
		if err != nil {
			fail("note.NewSigner: %v", err)
		}
		text, _, _ := strings.Cut(string(msg), "\n\n")
		signed, err := note.Sign(&note.Note{Text: text + "\n"}, s)
		if err != nil {
			fail("note.Sign: %v", err)
		}
		if !bytes.Equal(signed, msg) {
			fail("note.Sign with the exported key gives\n%s\nansinh signed\n%s", signed, msg)
		}
	}

	tree := tlog.Tree{N: c.size, Hash: c.root}
	hr := tlog.TileHashReader(tree, dirTiles{*dir})
	th, err := tlog.TreeHash(c.size, hr)
	if err != nil {
		fail("tlog.TreeHash over the tiles: %v", err)
	}
	if th != c.root {
		fail("tiles hash to %v, checkpoint says %v", th, c.root)
	}

	// Every leaf: its bytes hash to the tiles' leaf hash and say which entry it is.
	for n := int64(0); n*256 < c.size; n++ {
		w := c.size - n*256
		if w > 256 {
			w = 256
		}
		leaves := bundle(*dir, n, int(w))
		idx := make([]int64, len(leaves))
		for i := range leaves {
			idx[i] = tlog.StoredHashIndex(0, n*256+int64(i))
		}
		hashes, err := hr.ReadHashes(idx)
		if err != nil {
			fail("leaf hashes of bundle %d: %v", n, err)
		}
		for i, leaf := range leaves {
			id := n*256 + int64(i) + 1
			if tlog.RecordHash(leaf) != hashes[i] {
				fail("entry %d does not hash to its leaf hash", id)
			}
			want := fmt.Sprintf("ansinh-entry/1\nid %d\n", id)
			if !bytes.HasPrefix(leaf, []byte(want)) || !bytes.HasSuffix(leaf, []byte("\n")) {
				fail("leaf %d is not an ansinh-entry/1 record of entry %d: %q", id-1, id, leaf)
			}
		}
	}

	// Proofs made by Go over the same tiles, for sampled leaves and sizes.
	samples := []int64{0, 1, c.size / 3, c.size / 2, c.size - 2, c.size - 1}
	proved := 0
	for _, i := range samples {
		if i < 0 || i >= c.size {
			continue
		}
		p, err := tlog.ProveRecord(c.size, i, hr)
		if err != nil {
			fail("tlog.ProveRecord(%d, %d): %v", c.size, i, err)
		}
		h, err := hr.ReadHashes([]int64{tlog.StoredHashIndex(0, i)})
		if err != nil {
			fail("%v", err)
		}
		if err := tlog.CheckRecord(p, c.size, c.root, i, h[0]); err != nil {
			fail("tlog.CheckRecord(leaf %d): %v", i, err)
		}
		m := i + 1
		oh, err := tlog.TreeHash(m, hr)
		if err != nil {
			fail("tlog.TreeHash(%d): %v", m, err)
		}
		tp, err := tlog.ProveTree(c.size, m, hr)
		if err != nil {
			fail("tlog.ProveTree(%d, %d): %v", c.size, m, err)
		}
		if err := tlog.CheckTree(tp, c.size, c.root, m, oh); err != nil {
			fail("tlog.CheckTree(%d -> %d): %v", m, c.size, err)
		}
		proved++
	}
	out := fmt.Sprintf("ok: %s, %d entries: signature (note), tiles and root (tlog.TileHashReader, TreeHash), "+
		"every leaf (RecordHash), %d inclusion and consistency proofs (tlog)", c.origin, c.size, proved)

	if *old != "" {
		b, err := os.ReadFile(*old)
		if err != nil {
			fail("%v", err)
		}
		oc := openCheckpoint(b, v, *old)
		if oc.origin != c.origin || oc.size > c.size {
			fail("old checkpoint %s (%s, %d) cannot precede %s (%s, %d)", *old, oc.origin, oc.size,
				"checkpoint", c.origin, c.size)
		}
		tp, err := tlog.ProveTree(c.size, oc.size, hr)
		if err != nil {
			fail("tlog.ProveTree(%d, %d): %v", c.size, oc.size, err)
		}
		if err := tlog.CheckTree(tp, c.size, c.root, oc.size, oc.root); err != nil {
			fail("the log at %d does not extend the old checkpoint at %d: %v", c.size, oc.size, err)
		}
		out += fmt.Sprintf("; extends the old checkpoint of %d entries", oc.size)
	}
	for _, p := range proofs {
		out += "; ansinh proof " + checkProofFile(p, v)
	}
	if *skey != "" {
		out += "; note.Sign with the exported key gives the same checkpoint"
	}
	fmt.Println(out)
}
