from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_q3_prediction_meets_measurement(expected_cross_entropy, expected_hinge, measured_cross_entropy, measured_hinge):
    for name, value in (('measured_cross_entropy', measured_cross_entropy), ('measured_hinge', measured_hinge)):
        assert isinstance(value, float), f'{name} must be a Python float (use .item())'
    assert abs(expected_cross_entropy(10) - measured_cross_entropy) < 0.02 * measured_cross_entropy
    assert abs(expected_hinge(10) - measured_hinge) < 0.02 * measured_hinge

