// Package qid parses, encodes and finds Postfix queue IDs, and reads
// Postfix queue listings ("postqueue -p" and "postqueue -j").
//
// Postfix names every queued message with a queue ID, in one of two forms:
//
//   - short (the default): five upper-case hex digits of microseconds
//     followed by the hex inode number of the queue file, e.g. DED2698662B;
//   - long (enable_long_queue_ids = yes): the seconds since the epoch in
//     base 52, four base-52 digits of microseconds, the separator 'z' and
//     the inode number in base 51, e.g. 4jXWfr4z1Cz1SGmk. The base-52
//     alphabet is 0-9 and the consonants B-Z, b-z; 'z' is also a digit, so
//     the separator is the rightmost 'z'.
//
// [ID] is a small comparable value. [Parse] accepts exactly what Postfix's
// mail_queue_enter produces; [NewShort] and [NewLong] produce it. A long ID
// carries its creation time ([ID.Time]); both forms carry microseconds and
// the inode number. "NOQUEUE" is not an ID ([IsNoQueue], [IsNoQueueLine]).
//
// [Find], [AppendAll] and [All] locate IDs in log lines without allocating:
// at the start of the message text, after "warning: ", in "queued as",
// in bounce notifications, in orig_queue_id=, in Postfix-generated
// Message-IDs and in Postfix Received: headers ([Kind]).
//
// [ListingReader] streams the entries of a queue listing with bounded
// memory.
//
// Example:
//
//	id, err := qid.Parse("4jXWfr4z1Cz1SGmk")
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Println(id.IsLong(), id.Time().Format(time.RFC3339Nano), id.Inode())
//	// true 2026-11-22T14:29:24.700399Z 9987317
//
//	line := []byte("Nov 22 14:28:28 mx postfix/bounce[26167]: 0048B9866B3: sender non-delivery notification: 0A8B59866E5")
//	for m := range qid.All(line) {
//		fmt.Println(m.Kind, m.ID)
//	}
//	// start 0048B9866B3
//	// notification 0A8B59866E5
//
//	lr := qid.NewListingReader(os.Stdin, qid.FormatAuto) // postqueue -j or -p
//	for e, err := range lr.All() {
//		if err != nil {
//			log.Fatal(err)
//		}
//		fmt.Println(e.ID, e.Queue, e.Sender, len(e.Recipients))
//	}
package qid
