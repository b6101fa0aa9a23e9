package jsonscan

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// ErrNotObject: a line is not one JSON object (invalid JSON, an array, a string, …).
// Every error of this package wraps it.
var ErrNotObject = errors.New("not a JSON object")

// Errors for the lines that decode but are not one object.
var (
	// ErrNullLine: the line is JSON null.
	ErrNullLine error = &notObjectError{text: "not a JSON object: null"}
	// ErrTrailingData: the line holds more after its JSON object.
	ErrTrailingData error = &notObjectError{text: "data after the JSON object"}
)

// notObjectError is the [ErrNotObject] of one line, with a text that says plainly what
// is wrong ("invalid JSON: …", "not a JSON object: an array", "data after the JSON
// object") instead of the decoder's Go-typed message. errors.Is matches ErrNotObject
// and the decoder's own error, which it wraps.
type notObjectError struct {
	text  string
	cause error // the decoder's error; nil for null and trailing data
}

func (e *notObjectError) Error() string { return e.text }

func (e *notObjectError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrNotObject}
	}
	return []error{ErrNotObject, e.cause}
}

// NotObject describes why decoding a line as one JSON object failed, err being what
// json.Decoder.Decode returned for it: "invalid JSON: …", "not a JSON object: an
// array", instead of the decoder's Go-typed message. The error wraps [ErrNotObject]
// and err.
func NotObject(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return &notObjectError{text: "invalid JSON: empty line", cause: err}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &notObjectError{text: "invalid JSON: the line ends inside a value", cause: err}
	case errors.As(err, &syntax):
		return &notObjectError{text: "invalid JSON: " + syntax.Error(), cause: err}
	case errors.As(err, &typ):
		return &notObjectError{text: "not a JSON object: " + jsonTypeName(typ.Value), cause: err}
	}
	return &notObjectError{text: "invalid JSON: " + err.Error(), cause: err}
}

// jsonTypeName names the JSON type of an UnmarshalTypeError's value ("array",
// "string", "number 5", "bool") with an article.
func jsonTypeName(value string) string {
	switch kind, _, _ := strings.Cut(value, " "); kind {
	case "array":
		return "an array"
	case "string":
		return "a string"
	case "number":
		return "a number"
	case "bool":
		return "a boolean"
	}
	return value
}
