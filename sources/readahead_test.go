package sources

import (
	"errors"
	"testing"
	"time"
)

// blockedReader's Read waits until release is closed.
type blockedReader struct{ release chan struct{} }

func (r blockedReader) Read(p []byte) (int, error) {
	<-r.release
	return 0, errors.New("released")
}

// TestAheadReaderCloseEndsRead: a Read waiting for a chunk returns once the reader is
// closed, though its producer is stuck in a read of its own (as cutBlocks' goroutine
// reads on after its caller returned at a --deadline).
func TestAheadReaderCloseEndsRead(t *testing.T) {
	r := blockedReader{release: make(chan struct{})}
	defer close(r.release)
	a := newAheadReader(r)
	done := make(chan error, 1)
	go func() {
		_, err := a.Read(make([]byte, 8))
		done <- err
	}()
	time.Sleep(10 * time.Millisecond) // (the Read is most likely waiting by now)
	a.Close()
	select {
	case err := <-done:
		if !errors.Is(err, errAheadClosed) {
			t.Fatalf("Read after Close: %v, want %v", err, errAheadClosed)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read did not return after Close")
	}
}
