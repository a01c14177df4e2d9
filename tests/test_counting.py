"""course_lib.counting against counts worked out by hand."""

import pytest
import torch
import torchvision
from torch import nn

from course_lib.counting import count_flops, count_params, layer_table


def small_net(bias: bool = True) -> nn.Sequential:
    """3x16x16 -> conv 3x3 pad 1 (8) -> ReLU -> pool 2 -> conv 3x3 (16) -> BN -> flatten -> 10."""
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1, bias=bias),  # 16x16x8
        nn.ReLU(),
        nn.MaxPool2d(2),  # 8x8x8
        nn.Conv2d(8, 16, 3, bias=bias),  # 6x6x16
        nn.BatchNorm2d(16),
        nn.Flatten(),
        nn.Linear(6 * 6 * 16, 10, bias=bias),
    )


def conv_params(c, f, k, bias=True):
    return f * (c * k * k + bias)  # F·(C·k·k + 1)


def conv_flops(h_out, w_out, c, f, k):
    return 2 * h_out * w_out * f * c * k * k  # one multiply-add = 2 FLOPs; the bias is ignored


HAND_PARAMS = conv_params(3, 8, 3) + conv_params(8, 16, 3) + 2 * 16 + (576 * 10 + 10)
HAND_FLOPS = conv_flops(16, 16, 3, 8, 3) + conv_flops(6, 6, 8, 16, 3) + 2 * 576 * 10


def test_params_by_hand():
    assert count_params(small_net()) == HAND_PARAMS == 224 + 1168 + 32 + 5770
    no_bias = HAND_PARAMS - 8 - 16 - 10
    assert count_params(small_net(bias=False)) == no_bias


def test_trainable_only_skips_frozen_parameters():
    net = small_net()
    for p in net[0].parameters():
        p.requires_grad_(False)
    assert count_params(net, trainable_only=True) == HAND_PARAMS - 224
    assert count_params(net) == HAND_PARAMS


def test_shared_parameters_count_once():
    layer = nn.Linear(4, 4)
    assert count_params(nn.Sequential(layer, nn.ReLU(), layer)) == 20


def test_flops_by_hand_ignore_bias_activation_pooling_and_batch_norm():
    assert count_flops(small_net(), (1, 3, 16, 16)) == HAND_FLOPS == 110592 + 82944 + 11520
    assert count_flops(small_net(bias=False), (1, 3, 16, 16)) == HAND_FLOPS
    # layers that FlopCounterMode does not count at all
    for layer in (nn.ReLU(), nn.MaxPool2d(2), nn.AvgPool2d(2), nn.BatchNorm2d(3), nn.Tanh()):
        assert count_flops(layer, (1, 3, 16, 16)) == 0


def test_flops_scale_with_batch_and_count_grouped_and_strided_convs():
    assert count_flops(small_net(), (4, 3, 16, 16)) == 4 * HAND_FLOPS
    grouped = nn.Conv2d(8, 16, 3, padding=1, groups=4)  # each filter sees 8/4 = 2 channels
    assert count_params(grouped) == 16 * (2 * 9 + 1)
    assert count_flops(grouped, (1, 8, 10, 10)) == conv_flops(10, 10, 2, 16, 3)
    strided = nn.Conv2d(3, 4, 5, stride=2)  # 11x11 -> 4x4
    assert count_flops(strided, (1, 3, 11, 11)) == conv_flops(4, 4, 3, 4, 5)
    assert count_flops(nn.Linear(7, 5), (3, 7)) == 2 * 3 * 7 * 5


def test_tensor_input_and_the_model_is_left_untouched():
    net = small_net().train()
    before = [p.clone() for p in net.parameters()]
    running = net[4].running_mean.clone()
    assert count_flops(net, torch.randn(2, 3, 16, 16)) == 2 * HAND_FLOPS
    assert net.training
    assert all(p.device.type == "cpu" for p in net.parameters())
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
    assert torch.equal(net[4].running_mean, running)  # counted in eval mode: no BN update
    net.eval()
    count_flops(net, (1, 3, 16, 16))
    assert not net.training


class ReadsValues(nn.Module):
    """A forward that needs real numbers (``.item()``), which the meta device has not."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 3)

    def forward(self, x):
        if x.sum().item() >= 0:
            x = x + 1
        return self.fc(x)


def test_falls_back_to_a_real_pass_when_meta_cannot_run():
    assert count_flops(ReadsValues(), (2, 6)) == 2 * 2 * 6 * 3


def test_meta_models_cost_nothing():
    with torch.device("meta"):
        vgg = torchvision.models.vgg16(weights=None)
    assert count_params(vgg) == 138_357_544
    assert count_flops(vgg, (1, 3, 224, 224)) // 2 == pytest.approx(15.47e9, rel=1e-3)


def test_torchvision_resnet18_matches_its_documented_size_and_cost():
    weights = torchvision.models.ResNet18_Weights.IMAGENET1K_V1
    net = torchvision.models.resnet18(weights=None)
    assert count_params(net) == weights.meta["num_params"] == 11_689_512
    # torchvision's "GFLOPS" column counts multiply-adds
    assert count_flops(net, (1, 3, 224, 224)) / 2e9 == pytest.approx(weights.meta["_ops"], abs=1e-3)


def test_bad_input_is_refused():
    with pytest.raises(TypeError):
        count_flops(small_net(), "1x3x16x16")
    with pytest.raises(ValueError):
        layer_table(small_net(), (1, 3, 16, 16), depth=0)


def test_layer_table_rows_by_hand_and_totals():
    net = small_net()
    table = layer_table(net, (1, 3, 16, 16))
    assert list(table.columns) == ["name", "type", "output shape", "params", "flops"]
    assert list(table["name"]) == ["0", "1", "2", "3", "4", "5", "6", "total"]
    rows = table.set_index("name")
    assert rows.loc["0", "output shape"] == (1, 8, 16, 16)
    assert rows.loc["0", "params"] == 224 and rows.loc["0", "flops"] == 110592
    assert rows.loc["2", "output shape"] == (1, 8, 8, 8) and rows.loc["2", "flops"] == 0
    assert rows.loc["3", "params"] == 1168 and rows.loc["3", "flops"] == 82944
    assert rows.loc["6", "params"] == 5770 and rows.loc["6", "flops"] == 11520
    assert rows.loc["total", "output shape"] == (1, 10)
    assert rows.loc["total", "params"] == count_params(net) == table["params"].iloc[:-1].sum()
    assert rows.loc["total", "flops"] == count_flops(net, (1, 3, 16, 16))
    assert table["flops"].iloc[:-1].sum() == HAND_FLOPS
    assert len(layer_table(net, (1, 3, 16, 16), total=False)) == 7


class Block(nn.Module):
    """A block with a parameter and a matrix product of its own, outside any child."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 1)
        self.scale = nn.Parameter(torch.ones(4, 4))
        self.unused = nn.Linear(3, 3)

    def forward(self, x):
        return self.conv(x) @ self.scale


def test_layer_table_keeps_own_operations_uncalled_modules_and_depth():
    net = nn.Sequential(Block(), nn.ReLU(), Block())
    shape = (1, 2, 4, 4)
    table = layer_table(net, shape)
    rows = table.set_index("name")
    assert rows.loc["0", "params"] == 16  # the block's own parameter
    assert rows.loc["0", "flops"] == 2 * (1 * 2 * 4) * 4 * 4  # (1,2,4,4) @ (4,4): 8 rows of 4x4
    assert rows.loc["0.conv", "flops"] == 2 * 4 * 4 * 2 * 2
    assert rows.loc["0.unused", "output shape"] is None and rows.loc["0.unused", "params"] == 12
    assert rows.loc["total", "params"] == count_params(net)
    assert rows.loc["total", "flops"] == count_flops(net, shape)
    grouped = layer_table(net, shape, depth=1).set_index("name")
    assert list(grouped.index) == ["0", "1", "2", "total"]
    assert grouped.loc["0", "type"] == "Block" and grouped.loc["0", "output shape"] == shape
    assert grouped.loc["0", "params"] == 6 + 16 + 12
    assert grouped.loc["total", "flops"] == count_flops(net, shape)


def test_layer_table_of_resnet_by_stage():
    net = torchvision.models.resnet18(weights=None)
    table = layer_table(net, (1, 3, 224, 224), depth=1).set_index("name")
    assert table.loc["layer1", "output shape"] == (1, 64, 56, 56)
    assert table.loc["layer4", "output shape"] == (1, 512, 7, 7)
    # layer1: 4 convs of 3x3x64x64 at 56x56, no bias
    assert table.loc["layer1", "flops"] == 4 * conv_flops(56, 56, 64, 64, 3)
    assert table.loc["total", "params"] == count_params(net)
