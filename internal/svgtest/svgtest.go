// Package svgtest reads back, for tests, the SVG that package chart
// writes: it parses the whole document with encoding/xml and returns what
// a reader or a screen reader gets from it. It is the one parser of those
// pictures for the chart package's tests and the command's.
package svgtest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Doc is what a picture says.
type Doc struct {
	// Width and Height are the root's width and height attributes.
	Width, Height float64
	// Title and Desc are the text of the picture's own <title> and
	// <desc>, the root's children.
	Title, Desc string
	// Texts are the words of every text drawn, in order: each is a group
	// of glyph outlines carrying its words in a data-text attribute.
	Texts []string
}

// Parse parses an SVG to its end. The error says what is wrong when it is
// not well-formed XML, its root is not an <svg> with a numeric width and
// height, it draws text as a <text> element rather than outlines, or it
// has no <title> or no <desc>.
func Parse(data []byte) (Doc, error) {
	var doc Doc
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return doc, fmt.Errorf("svgtest: not well-formed XML: %w", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			if len(stack) == 0 && name != "svg" {
				return doc, fmt.Errorf("svgtest: the root is <%s>, not <svg>", name)
			}
			if name == "text" {
				return doc, errors.New("svgtest: a <text> element: text must be drawn as outlines")
			}
			stack = append(stack, name)
			for _, a := range tok.Attr {
				switch {
				case len(stack) == 1 && (a.Name.Local == "width" || a.Name.Local == "height"):
					v, err := strconv.ParseFloat(a.Value, 64)
					if err != nil || v <= 0 {
						return doc, fmt.Errorf("svgtest: the root's %s is %q, not a positive number", a.Name.Local, a.Value)
					}
					if a.Name.Local == "width" {
						doc.Width = v
					} else {
						doc.Height = v
					}
				case a.Name.Local == "data-text":
					doc.Texts = append(doc.Texts, a.Value)
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 2 && stack[1] == "title" {
				doc.Title += string(tok)
			} else if len(stack) == 2 && stack[1] == "desc" {
				doc.Desc += string(tok)
			}
		}
	}
	switch {
	case doc.Width == 0 || doc.Height == 0:
		return doc, errors.New("svgtest: the root has no width or height")
	case doc.Title == "":
		return doc, errors.New("svgtest: no <title>")
	case doc.Desc == "":
		return doc, errors.New("svgtest: no <desc>")
	}
	return doc, nil
}
