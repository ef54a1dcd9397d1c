// Command gan trains, evaluates and draws the Generative Adversarial Nets of Goodfellow et al. (2014)
// without Jupyter. Each job is a subcommand; `gan help` lists them and `gan CMD -h` explains one.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// A command is one subcommand: its flags are defined on fs, and run is called with fs parsed.
type command struct {
	name, summary string
	setup         func(fs *flag.FlagSet) (run func() error)
}

// commands is filled by each subcommand's file in its init, so adding a job touches one file.
var commands []command

func register(c command) { commands = append(commands, c) }

// stdout is where commands print their results: os.Stdout, or a buffer in tests.
var stdout io.Writer = os.Stdout

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the process's exit status: 0 on success, 2 for bad
// usage (unknown command, flag or value), 1 when the job itself failed.
func run(args []string, out, stderr io.Writer) int {
	stdout = out
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(out)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == args[0] })
	if i < 0 {
		fmt.Fprintf(stderr, "gan: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	cmd := commands[i]
	fs := flag.NewFlagSet("gan "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	job := cmd.setup(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: gan %s [flags]\n\n%s\n\nflags:\n", cmd.name, cmd.summary)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2 // flag has printed the error and the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gan %s: unexpected arguments %q\n", cmd.name, fs.Args())
		return 2
	}
	if err := job(); err != nil {
		var usageErr usageError
		if errors.As(err, &usageErr) {
			fmt.Fprintf(stderr, "gan %s: %v\n", cmd.name, err)
			return 2
		}
		fmt.Fprintf(stderr, "gan %s: %v\n", cmd.name, err)
		return 1
	}
	return 0
}

// usageError marks a bad flag value found after parsing: exit status 2, like flag's own errors.
type usageError struct{ error }

func badValue(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func usage(w io.Writer) {
	fmt.Fprintln(w, "gan: Generative Adversarial Nets (Goodfellow et al. 2014), reproduced in Go.")
	fmt.Fprintln(w, "\nusage: gan <command> [flags]   (gan <command> -h for its flags)\n\ncommands:")
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	sorted := slices.Clone(commands)
	slices.SortFunc(sorted, func(a, b command) int { return strings.Compare(a.name, b.name) })
	for _, c := range sorted {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w, "\nThe backend is XLA where it can be had, else pure Go; set GOMLX_BACKEND to choose (see README).")
}
