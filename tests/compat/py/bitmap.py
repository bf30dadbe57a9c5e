"""The two calls of the 'bitmap' module (not packaged by Debian) that
tini's signal configuration check makes: BitMap.fromstring() of a
string of 0s and 1s, its last character being bit 0, and nonzero(),
the indices of the bits set."""


class BitMap:
    def __init__(self, bits):
        self.bits = bits

    @classmethod
    def fromstring(cls, s):
        return cls([i for i, ch in enumerate(reversed(s)) if ch == '1'])

    def nonzero(self):
        return list(self.bits)
