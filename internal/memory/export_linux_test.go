package memory

// PopulateErr is Populate with the system call's error, for the tests.
func PopulateErr(s []byte) error { return populate(s) }
