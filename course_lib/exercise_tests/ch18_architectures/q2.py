from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_q2_the_chapters_block(bottleneck_params, bottleneck_macs):
    got = bottleneck_params(256, 64)
    assert got == 70400, f'the chapter counts 70,400 parameters for Bottleneck(256, 64), got {got}'
    got = bottleneck_macs(256, 64, 28)
    assert got == 54591488, f'the chapter counts 54,591,488 MACs at 28x28, got {got}'

@test_case(points=None, hidden=False)
def test_q2_layer3_first_is_a_pair(layer3_first):
    assert len(layer3_first) == 2 and all((int(v) > 0 for v in layer3_first))

