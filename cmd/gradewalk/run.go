package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// Exit codes.
const (
	exitOK       = 0 // everything was read and written
	exitRejected = 1 // a row, value or input was rejected: see standard error
	exitUsage    = 2 // bad flags or arguments, or unusable -scales or -crosswalk file
)

type command struct {
	name, args, short, long string
	run                     func(c *cli, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"scales", "", "list the catalogue of scales", scalesHelp, runScales},
		{"show", "ID", "show one scale in full, with its bands", showHelp, runShow},
		{"compare", "A B", "compare two grades written as scale-id:label", compareHelp, runCompare},
		{"normalize", "[FILE|-]", "add scale, label, rank, band and score to each row", normalizeHelp, runNormalize},
		{"trend", "[FILE|-]", "compare each grade of a series with the one before", trendHelp, runTrend},
		{"equate", "FROM TO", "equate the levels of one scale to another from counts", equateHelp, runEquate},
		{"chart", "[FILE|-]", "draw a picture, SVG or PNG: series, grid, slope, transitions, periods, ladder", chartHelp, runChart},
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, "usage: gradewalk COMMAND [flags] [arguments]\n\n"+
		"gradewalk makes grades from different inspectorate rating scales comparable.\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.short)
	}
	fmt.Fprint(w, "\nRun \"gradewalk COMMAND -h\" for a command's flags.\n"+
		"Exit status: 0 success, 1 rejected input (reported on standard error), 2 usage error.\n")
}

// run is the whole program: main only supplies the arguments and streams.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			c := &cli{cmd: cmd, stdin: stdin, stdout: stdout, stderr: stderr}
			return cmd.run(c, args[1:])
		}
	}
	fmt.Fprintf(stderr, "gradewalk: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// cli holds one run of a subcommand: its streams and the common flags.
type cli struct {
	cmd    command
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	fs     *flag.FlagSet

	format, crosswalkPath, scalesPath string
	sectors                           stringList

	reg *scale.Registry
	cw  *crosswalk.Crosswalk
	// fromData is set by -crosswalk data: the command builds its crosswalk
	// from the observations it reads (trend only), and cw is the default
	// crosswalk until then.
	fromData bool
	// uncovered keeps, per scale, the message for a scale the crosswalk
	// does not cover, made once.
	uncovered map[*scale.Scale]error
}

// flags returns the subcommand's flag set with the common flags.
func (c *cli) flags() *flag.FlagSet {
	fs := flag.NewFlagSet("gradewalk "+c.cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if c.cmd.name != "chart" { // chart's -format is a picture's: svg or png
		fs.StringVar(&c.format, "format", "", "output `format`: table, csv or json (default table on a terminal, csv otherwise)")
	}
	fs.StringVar(&c.crosswalkPath, "crosswalk", "default", "`crosswalk`: default (equal-width bands), observed (from the catalogue's published distributions), a JSON FILE of counts or cut points, or (trend, chart) data: counted from the input's own grades")
	fs.StringVar(&c.scalesPath, "scales", "", "JSON `FILE` of custom scale definitions, added to the built-in ones")
	fs.Var(&c.sectors, "sector", "with -crosswalk observed: place each scale by its published round for `SECTOR` (gp-practices, nhs-trusts, ...) where it has one; repeat, or separate by commas, for several")
	c.fs = fs
	return fs
}

func (c *cli) printUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: gradewalk %s [flags] %s\n\n%s\n\nFlags:\n", c.cmd.name, c.cmd.args, strings.TrimSpace(c.cmd.long))
	c.fs.SetOutput(w)
	c.fs.PrintDefaults()
	c.fs.SetOutput(io.Discard)
}

// parse reads flags, which may come before, between or after the
// arguments, and checks the number of arguments. It returns ok false with
// the exit code when the run should stop: after -h, or a usage error.
func (c *cli) parse(args []string, minArgs, maxArgs int) (pos []string, code int, ok bool) {
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printUsage(c.stdout)
				return nil, exitOK, false
			}
			// One line and a hint, not the whole help.
			fmt.Fprintf(c.stderr, "gradewalk %s: %v\nRun \"gradewalk %s -h\" for help.\n", c.cmd.name, err, c.cmd.name)
			return nil, exitUsage, false
		}
		args = c.fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			pos = append(pos, args[1:]...)
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	switch {
	case len(pos) < minArgs:
		return nil, c.usageError("too few arguments"), false
	case len(pos) > maxArgs:
		return nil, c.usageError("too many arguments"), false
	}
	if code, ok := c.setup(); !ok {
		return nil, code, false
	}
	return pos, exitOK, true
}

// usageError reports a usage error in one line and a hint, and returns
// exitUsage.
func (c *cli) usageError(format string, a ...any) int {
	fmt.Fprintf(c.stderr, "gradewalk %s: %s\nRun \"gradewalk %s -h\" for help.\n", c.cmd.name, fmt.Sprintf(format, a...), c.cmd.name)
	return exitUsage
}

// fail reports an error that is not a usage error and returns exitRejected.
func (c *cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "gradewalk %s: %v\n", c.cmd.name, err)
	return exitRejected
}

// crosswalkFile reports whether -crosswalk names a file rather than one of
// the built-in choices (default, observed, data).
func (c *cli) crosswalkFile() bool {
	switch c.crosswalkPath {
	case "", "default", "observed", "data":
		return false
	}
	return true
}

// setup checks -format and loads -scales and -crosswalk.
func (c *cli) setup() (int, bool) {
	switch c.format {
	case "":
		c.format = "csv"
		if isTerminal(c.stdout) {
			c.format = "table"
		}
	case "table", "csv", "json":
	default:
		return c.usageError("-format %q: want table, csv or json", c.format), false
	}
	c.reg = scale.Default()
	if c.scalesPath != "" {
		data, err := os.ReadFile(c.scalesPath)
		if err != nil {
			return c.usageError("-scales: %v", err), false
		}
		custom, err := scale.Load(data)
		if err != nil {
			return c.usageError("-scales %s: %v", c.scalesPath, err), false
		}
		// A new registry holding the default registry's own scales, so that
		// grades stay equal to those the default crosswalk knows, and the
		// custom ones.
		c.reg = new(scale.Registry)
		if err := c.reg.Register(slices.Collect(scale.All())...); err != nil {
			return c.usageError("-scales: %v", err), false
		}
		if err := c.reg.Register(custom...); err != nil {
			return c.usageError("-scales %s: %v", c.scalesPath, err), false
		}
	}
	c.cw = crosswalk.Default()
	sectors := c.sectorList()
	if len(sectors) > 0 && c.crosswalkPath != "observed" {
		return c.usageError("-sector chooses the published rounds of -crosswalk observed: give -crosswalk observed"), false
	}
	if c.crosswalkPath == "data" {
		if c.cmd.name != "trend" && c.cmd.name != "chart" {
			return c.usageError("-crosswalk data: only trend and chart read every observation before they compare; give a FILE"), false
		}
		c.fromData = true
	} else if c.crosswalkPath == "observed" {
		cw, err := crosswalk.ObservedFor(sectors...)
		if err != nil {
			return c.usageError("-sector: %v", err), false
		}
		c.cw = cw
	} else if c.crosswalkFile() {
		data, err := os.ReadFile(c.crosswalkPath)
		if err != nil {
			return c.usageError("-crosswalk: %v", err), false
		}
		cw, err := crosswalk.ParseJSON(data, c.reg)
		if err != nil {
			return c.usageError("-crosswalk %s: %v", c.crosswalkPath, err), false
		}
		// Its basis names the file; its name, "file", heads its column
		// under -sensitivity.
		c.cw = cw.Named("file", c.crosswalkPath)
	}
	return exitOK, true
}

// sectorList returns the sectors -sector names, each flag split at commas.
func (c *cli) sectorList() []string {
	var out []string
	for _, v := range c.sectors {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// isTerminal reports whether w is a terminal: an *os.File that is a
// character device other than the null device (which is a character device
// too, but output sent there is discarded, not read).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}
