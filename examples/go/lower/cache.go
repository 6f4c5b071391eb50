package main

// The lowering cache: one entry per package fragment (world.go), keyed by everything the
// fragment depends on.
//
// A package's key is the SHA-256 of
//   - the cache format version and the lowerer's own executable (its bytes: a rebuilt lowerer
//     never reuses an older one's output);
//   - the Go version and the build context: GOOS, GOARCH, CGO_ENABLED, GOEXPERIMENT, GOFLAGS,
//     -tags (as `go env` resolves them);
//   - the options that change the lowering (-explain for -m=2);
//   - the package's import path and name, and the name and SHA-256 of every file the compiler is
//     given (for cgo packages the files cmd/cgo generates, which depend on the C headers too);
//   - the keys of the packages it imports (so an edit anywhere below a package changes its key,
//     like the go command's action IDs: the lowering reads the imported types, constants and
//     method sets).
// A whole program's module (worldBody: every fragment assembled, duplicates left out) is cached
// too, as one entry keyed by the ordered list of its packages' keys (worldKey), with the fragments'
// small fields (files, warnings, holes, linkname pulls; not their types and bodies) that the
// module's header is made of: a run whose program is unchanged reads one file instead of decoding
// every fragment and assembling them again. The body depends on the fragments alone, and each
// fragment on its key, so the entry is valid exactly when every key is.
// Entries are written atomically (a temporary file renamed into place) and never modified; a
// damaged or unreadable entry is a miss. Nothing is evicted: remove the directory to reclaim the
// space (`escapade-go --cache-dir=DIR`; default $ESCAPADE_GO_CACHE, else the user cache directory
// + /escapade-go; "off" disables the cache).
//
// Complexity: O(total size of the package's files) to hash them; O(entry size) per read or write;
// O(packages) for a world key.

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
)

const cacheFormat = "escapade-lower fragment cache v1"

// worldMagic starts a world entry: the magic line, the length of the gob-encoded metadata in
// decimal and a newline, the metadata, then the module body's bytes to the end of the file.
const worldMagic = "escapade-lower world v1\n"

type fragmentCache struct {
	dir string // "" when disabled
}

// openCache resolves the cache directory ("off" or "" with no default: disabled).
func openCache(dir string) *fragmentCache {
	if dir == "" {
		dir = os.Getenv("ESCAPADE_GO_CACHE")
	}
	if dir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(d, "escapade-go")
		}
	}
	if dir == "off" || dir == "" || lowererHash() == "unknown" {
		return &fragmentCache{}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return &fragmentCache{}
	}
	return &fragmentCache{dir: dir}
}

func (c *fragmentCache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key+"-fragment")
}

func (c *fragmentCache) get(key string) (*fragment, bool) {
	if c.dir == "" {
		return nil, false
	}
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil, false
	}
	fr := &fragment{}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(fr); err != nil {
		return nil, false
	}
	return fr, true
}

func (c *fragmentCache) put(key string, fr *fragment) error {
	if c.dir == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fr); err != nil {
		return err
	}
	return c.writeFile(c.path(key), buf.Bytes())
}

// writeFile writes an entry atomically: a temporary file in the entry's directory, renamed.
func (c *fragmentCache) writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// worldKey is the key of the module made of the fragments of paths (in this order), whose keys are
// in keys.
func worldKey(paths []string, keys map[string]string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\nworld\n", cacheFormat)
	for _, p := range paths {
		fmt.Fprintf(h, "%s %s\n", p, keys[p])
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *fragmentCache) worldPath(key string) string {
	return filepath.Join(c.dir, key[:2], key+"-world")
}

// getWorld reads a world entry: the fragments' metadata (Types and Body empty) and the module's
// body. A damaged entry is a miss.
func (c *fragmentCache) getWorld(key string) ([]*fragment, string, bool) {
	if c.dir == "" {
		return nil, "", false
	}
	data, err := os.ReadFile(c.worldPath(key))
	if err != nil || !bytes.HasPrefix(data, []byte(worldMagic)) {
		return nil, "", false
	}
	data = data[len(worldMagic):]
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return nil, "", false
	}
	n, err := strconv.Atoi(string(data[:nl]))
	if err != nil || n < 0 || n > len(data)-nl-1 {
		return nil, "", false
	}
	var meta []*fragment
	if err := gob.NewDecoder(bytes.NewReader(data[nl+1 : nl+1+n])).Decode(&meta); err != nil {
		return nil, "", false
	}
	return meta, string(data[nl+1+n:]), true
}

// putWorld writes a world entry (atomically, as put does).
func (c *fragmentCache) putWorld(key string, frags []*fragment, body string) error {
	if c.dir == "" {
		return nil
	}
	meta := make([]*fragment, len(frags))
	for i, fr := range frags {
		meta[i] = &fragment{Path: fr.Path, Files: fr.Files, Warnings: fr.Warnings, Holes: fr.Holes, Pulls: fr.Pulls}
	}
	var enc bytes.Buffer
	if err := gob.NewEncoder(&enc).Encode(meta); err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.Grow(len(worldMagic) + 24 + enc.Len() + len(body))
	buf.WriteString(worldMagic)
	buf.WriteString(strconv.Itoa(enc.Len()))
	buf.WriteByte('\n')
	buf.Write(enc.Bytes())
	buf.WriteString(body)
	return c.writeFile(c.worldPath(key), buf.Bytes())
}

var (
	selfHashOnce sync.Once
	selfHash     string
)

// lowererHash identifies this build of the lowerer (the bytes of its executable).
func lowererHash() string {
	selfHashOnce.Do(func() {
		selfHash = "unknown"
		if exe, err := os.Executable(); err == nil {
			if h, err := fileHash(exe); err == nil {
				selfHash = h
			}
		}
	})
	return selfHash
}

// contextKey covers what every package's key shares: the lowerer, the Go version, the build
// context and the lowering options.
func contextKey(cfg *buildConfig, options string) string {
	h := sha256.New()
	e := cfg.env
	fmt.Fprintf(h, "%s\nlowerer %s\ngo %s\nGOOS %s\nGOARCH %s\nCGO_ENABLED %s\nGOEXPERIMENT %s\nGOFLAGS %s\ntags %s\noptions %s\n",
		cacheFormat, lowererHash(), e.GOVERSION, e.GOOS, e.GOARCH, e.CGO_ENABLED, e.GOEXPERIMENT, e.GOFLAGS, cfg.tags, options)
	return hex.EncodeToString(h.Sum(nil))
}

// packageKeys computes the key of every listed package (dependency order: imports first).
func packageKeys(pkgs []*listedPackage, ctxKey string) (map[string]string, error) {
	keys := map[string]string{}
	// file hashes first, concurrently (the bulk of the work)
	type job struct {
		p   *listedPackage
		sum string
		err error
	}
	jobs := make([]job, len(pkgs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, p := range pkgs {
		jobs[i].p = p
		wg.Add(1)
		go func(j *job) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			h := sha256.New()
			for _, f := range compiledFiles(j.p) {
				data, err := os.ReadFile(f)
				if err != nil {
					j.err = err
					return
				}
				s := sha256.Sum256(data)
				fmt.Fprintf(h, "file %s %x\n", filepath.Base(f), s)
			}
			j.sum = hex.EncodeToString(h.Sum(nil))
		}(&jobs[i])
	}
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
		p := j.p
		h := sha256.New()
		fmt.Fprintf(h, "%s\npackage %s %s\nfiles %s\n", ctxKey, p.ImportPath, p.Name, j.sum)
		var deps []string
		for _, imp := range p.Imports {
			r := resolveImport(p, imp)
			if r == "unsafe" || r == "C" {
				continue
			}
			k, ok := keys[r]
			if !ok {
				return nil, fmt.Errorf("%s: import %s is not listed before it", p.ImportPath, r)
			}
			deps = append(deps, r+" "+k)
		}
		sort.Strings(deps)
		for _, d := range deps {
			fmt.Fprintf(h, "import %s\n", d)
		}
		keys[p.ImportPath] = hex.EncodeToString(h.Sum(nil))
	}
	return keys, nil
}

// fileHash is the SHA-256 of a file's bytes.
func fileHash(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
