#!/usr/bin/env python3
"""What a young collection kept: reads a heap dump of every object (live or not) taken right
after a young collection of the serial collector, and the collector's log, and prints the objects
in the survivor space by class, and the references into them from the old generation by the
referring class and field (who kept them). Made for SurvivorCensus (bench/gateway --survivors).

Usage: bench/survivors.py DUMP.hprof GC.log
The log must come from -XX:+UseSerialGC -Xlog:gc+heap=debug: its last "Heap after GC" block gives
the survivor space ("from space") and the old generation's address ranges.
Sizes are estimates (object header 16 bytes, references 8 bytes): compare them, do not add them to
the collector's own figures.
"""
import collections
import re
import struct
import sys

BASIC_SIZES = {4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}  # HPROF basic types
OBJECT = 2


def spaces(log_path):
    """The address ranges [start, top) of the survivor space and the old generation after the
    last young collection in the log."""
    survivor = old = None
    for line in open(log_path):
        m = re.search(r"from space .*\[(0x[0-9a-f]+), (0x[0-9a-f]+),", line)
        if m:
            survivor = (int(m.group(1), 16), int(m.group(2), 16))
        m = re.search(r"the space .*\[(0x[0-9a-f]+), (0x[0-9a-f]+),", line)
        if m:
            old = (int(m.group(1), 16), int(m.group(2), 16))
    if not survivor or not old:
        sys.exit("no serial-collector heap ranges in %s (-XX:+UseSerialGC -Xlog:gc+heap=debug)"
                 % log_path)
    return survivor, old


class Dump:
    """The objects of an HPROF 1.0.2 dump with 8-byte identifiers (a 64-bit HotSpot's)."""

    def __init__(self, path):
        self.data = data = open(path, "rb").read()
        p = data.index(b"\0") + 1
        if struct.unpack_from(">I", data, p)[0] != 8:
            sys.exit("identifiers are not 8 bytes")
        p += 12
        self.strings, self.class_names, self.classes = {}, {}, {}
        self.instances, self.object_arrays, self.primitive_arrays = {}, {}, {}
        self.roots = []
        self.layouts = {}
        while p < len(data):
            tag, length = data[p], struct.unpack_from(">I", data, p + 5)[0]
            body, p = p + 9, p + 9 + length
            if tag == 0x01:
                self.strings[self.ident(body)] = data[body + 8:body + length].decode("utf8", "replace")
            elif tag == 0x02:
                self.class_names[self.ident(body + 4)] = self.ident(body + 16)
            elif tag in (0x0C, 0x1C):
                self.read_heap(body, body + length)

    def ident(self, offset):
        return struct.unpack_from(">Q", self.data, offset)[0]

    def u4(self, offset):
        return struct.unpack_from(">I", self.data, offset)[0]

    def u2(self, offset):
        return struct.unpack_from(">H", self.data, offset)[0]

    # Root records: how many bytes follow the object's identifier.
    ROOTS = {0xFF: 0, 0x01: 8, 0x02: 8, 0x03: 8, 0x04: 4, 0x05: 0, 0x06: 4, 0x07: 0, 0x08: 8}

    def read_heap(self, q, end):
        data = self.data
        while q < end:
            sub = data[q]
            q += 1
            if sub in self.ROOTS:
                self.roots.append(self.ident(q))
                q += 8 + self.ROOTS[sub]
            elif sub == 0x20:
                q = self.read_class(q)
            elif sub == 0x21:
                self.instances[self.ident(q)] = (self.ident(q + 12), q + 24, self.u4(q + 20))
                q += 24 + self.u4(q + 20)
            elif sub == 0x22:
                count = self.u4(q + 12)
                self.object_arrays[self.ident(q)] = (self.ident(q + 16), q + 24, count)
                q += 24 + 8 * count
            elif sub == 0x23:
                count, kind = self.u4(q + 12), data[q + 16]
                self.primitive_arrays[self.ident(q)] = (kind, count)
                q += 17 + count * BASIC_SIZES[kind]
            else:
                sys.exit("unknown heap record 0x%x at %d" % (sub, q))

    def read_class(self, q):
        data = self.data
        class_id, superclass = self.ident(q), self.ident(q + 12)
        q += 8 + 4 + 8 * 6 + 4  # class, stack trace, super .. reserved, instance size
        constants = self.u2(q)
        q += 2
        for _ in range(constants):
            kind = data[q + 2]
            q += 3 + (8 if kind == OBJECT else BASIC_SIZES[kind])
        statics = []
        count = self.u2(q)
        q += 2
        for _ in range(count):
            name, kind = self.ident(q), data[q + 8]
            q += 9
            if kind == OBJECT:
                statics.append((name, self.ident(q)))
            q += 8 if kind == OBJECT else BASIC_SIZES[kind]
        fields = []
        count = self.u2(q)
        q += 2
        for _ in range(count):
            fields.append((self.ident(q), data[q + 8]))
            q += 9
        self.classes[class_id] = (superclass, fields, statics)
        return q

    def name_of_class(self, class_id):
        return self.strings.get(self.class_names.get(class_id), "?")

    def reference_fields(self, class_id):
        """(offset, field name) of every reference field of an instance, superclasses last."""
        if class_id not in self.layouts:
            layout, offset, c = [], 0, class_id
            while c in self.classes:
                superclass, fields, _ = self.classes[c]
                for name, kind in fields:
                    if kind == OBJECT:
                        layout.append((offset, self.strings.get(name, "?")))
                    offset += 8 if kind == OBJECT else BASIC_SIZES[kind]
                c = superclass
            self.layouts[class_id] = layout
        return self.layouts[class_id]

    def references(self, obj):
        """(field, target) for every non-null reference an object, array or class holds."""
        if obj in self.instances:
            class_id, offset, _ = self.instances[obj]
            for field_offset, name in self.reference_fields(class_id):
                target = self.ident(offset + field_offset)
                if target:
                    yield name, target
        elif obj in self.object_arrays:
            _, offset, count = self.object_arrays[obj]
            for i in range(count):
                target = self.ident(offset + 8 * i)
                if target:
                    yield "[]", target
        elif obj in self.classes:
            for name, target in self.classes[obj][2]:
                if target:
                    yield "static " + self.strings.get(name, "?"), target

    def kind(self, obj):
        if obj in self.instances:
            return self.name_of_class(self.instances[obj][0])
        if obj in self.object_arrays:
            return self.name_of_class(self.object_arrays[obj][0])
        if obj in self.primitive_arrays:
            return "primitive array (HPROF type %d)" % self.primitive_arrays[obj][0]
        return "class " + self.name_of_class(obj)

    def size(self, obj):
        if obj in self.instances:
            return 16 + self.instances[obj][2]
        if obj in self.object_arrays:
            return 16 + 8 * self.object_arrays[obj][2]
        kind, count = self.primitive_arrays[obj]
        return 16 + count * BASIC_SIZES[kind]

    def objects(self):
        yield from self.instances
        yield from self.object_arrays
        yield from self.primitive_arrays


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    (s_start, s_top), (o_start, o_top) = spaces(sys.argv[2])
    dump = Dump(sys.argv[1])
    survivors = {obj for obj in dump.objects() if s_start <= obj < s_top}
    print("survivor space [0x%x, 0x%x): %d bytes in use; %d objects in the dump there"
          % (s_start, s_top, s_top - s_start, len(survivors)))
    counts, sizes = collections.Counter(), collections.Counter()
    for obj in survivors:
        counts[dump.kind(obj)] += 1
        sizes[dump.kind(obj)] += dump.size(obj)
    print("\nby class (estimated bytes, objects):")
    for kind, size in sizes.most_common(30):
        print("%9d %6d  %s" % (size, counts[kind], kind))
    kept = collections.Counter()
    for obj in list(dump.instances) + list(dump.object_arrays):
        if o_start <= obj < o_top:
            for field, target in dump.references(obj):
                if target in survivors:
                    kept[(dump.kind(obj), field)] += 1
    for class_id in dump.classes:
        for field, target in dump.references(class_id):
            if target in survivors:
                kept[("class " + dump.name_of_class(class_id), field)] += 1
    from_roots = sum(1 for root in dump.roots if root in survivors)
    print("\nreferences into the survivors from the old generation and classes, by referrer:")
    for (kind, field), count in kept.most_common(25):
        print("%7d  %s.%s" % (count, kind, field))
    print("%7d  from roots (thread stacks, JNI, monitors)" % from_roots)


if __name__ == "__main__":
    main()
