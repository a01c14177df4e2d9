from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = [0.5, 0.5]

@test_case(points=None, hidden=False)
def test_q1_hello(build_vocab, encode, decode):
    chars, char_to_ix = build_vocab('hello')
    assert list(chars) == ['e', 'h', 'l', 'o'], f'sorted distinct characters, got {chars}'
    ids = encode('hello', char_to_ix)
    assert list(ids) == [char_to_ix[c] for c in 'hello'] and len(ids) == 5
    assert decode(ids, chars) == 'hello'

@test_case(points=None, hidden=False)
def test_q1_round_trip_on_the_corpus(build_vocab, encode, decode, text):
    chars, char_to_ix = build_vocab(text)
    piece = text[:2000]
    assert decode(encode(piece, char_to_ix), chars) == piece, 'decode(encode(s)) must give s back'

