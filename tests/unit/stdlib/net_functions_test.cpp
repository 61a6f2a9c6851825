#include "function_fixture.hpp"

namespace scry {
namespace {

using test::Cidr;
using test::I;
using test::Ip;
using test::N;
using test::S;

using NetFunctionsTest = test::FunctionTest;

TEST_F(NetFunctionsTest, CidrMatch) {
  EXPECT_EQ(CallJson("cidr_match", {S("10.1.2.3"), S("10.0.0.0/8")}), "true");
  EXPECT_EQ(CallJson("cidr_match", {S("11.1.2.3"), S("10.0.0.0/8")}), "false");
  EXPECT_EQ(CallJson("cidr_match", {Ip(arena_, "10.1.2.3"), Cidr(arena_, "10.0.0.0/8")}), "true");
  EXPECT_EQ(CallJson("cidr_match", {S("::ffff:10.1.2.3"), S("10.0.0.0/8")}), "true");
  EXPECT_EQ(CallJson("cidr_match", {S("fe80::1"), S("fe80::/10")}), "true");
  EXPECT_EQ(CallJson("cidr_match", {S("10.1.2.3"), S("::/0")}), "false");
  EXPECT_EQ(CallJson("cidr_match",
                     {S("192.168.1.1"), List({S("10.0.0.0/8"), Cidr(arena_, "192.168.0.0/16")})}),
            "true");
  EXPECT_EQ(CallJson("cidr_match", {List({S("-"), S("10.0.0.1")}), S("10.0.0.0/8")}), "true");
  EXPECT_EQ(CallJson("cidr_match", {S("-"), S("10.0.0.0/8")}), "false");
  EXPECT_EQ(CallJson("cidr_match", {N(), S("10.0.0.0/8")}), "false");
  EXPECT_EQ(CallJson("cidr_match", {S("10.0.0.1"), N()}), "null");
  EXPECT_EQ(ctx_.data_errors, 0u);
  ExpectDataError("cidr_match", {S("10.0.0.1"), S("10.0.0.0/33")});
  ExpectDataError("cidr_match", {S("10.0.0.1"), List({S("10.0.0.0/8"), S("bad")})});
}

TEST_F(NetFunctionsTest, Families) {
  EXPECT_EQ(CallJson("is_ipv4", {S("1.2.3.4")}), "true");
  EXPECT_EQ(CallJson("is_ipv4", {S("::1")}), "false");
  EXPECT_EQ(CallJson("is_ipv4", {S("::ffff:1.2.3.4")}), "true");
  EXPECT_EQ(CallJson("is_ipv4", {S("1.2.3")}), "false");
  EXPECT_EQ(CallJson("is_ipv4", {I(16909060)}), "false");
  EXPECT_EQ(CallJson("is_ipv4", {N()}), "false");
  EXPECT_EQ(CallJson("is_ipv6", {S("::1")}), "true");
  EXPECT_EQ(CallJson("is_ipv6", {Ip(arena_, "2001:db8::1")}), "true");
  EXPECT_EQ(CallJson("is_ipv6", {S("1.2.3.4")}), "false");
  EXPECT_EQ(CallJson("is_ipv6", {List({S("x"), S("::2")})}), "true");
}

TEST_F(NetFunctionsTest, IsPrivateIp) {
  for (std::string_view ip :
       {"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "127.0.0.1", "169.254.1.1",
        "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:192.168.0.1"}) {
    EXPECT_EQ(CallJson("is_private_ip", {S(ip)}), "true") << ip;
  }
  for (std::string_view ip : {"8.8.8.8", "172.32.0.1", "192.169.0.1", "100.64.0.1", "2001:db8::1",
                              "fec0::1", "::", "not an ip"}) {
    EXPECT_EQ(CallJson("is_private_ip", {S(ip)}), "false") << ip;
  }
}

TEST_F(NetFunctionsTest, ToIp) {
  Value ip = Call("to_ip", {S("2001:0db8::0001")});
  EXPECT_EQ(ip.kind, ValueKind::kIp);
  EXPECT_EQ(CallJson("to_ip", {S("2001:0db8::0001")}), R"("2001:db8::1")");
  EXPECT_EQ(CallJson("to_ip", {S("::ffff:10.0.0.1")}), R"("10.0.0.1")");
  EXPECT_EQ(CallJson("to_ip", {Ip(arena_, "1.2.3.4")}), R"("1.2.3.4")");
  EXPECT_EQ(CallJson("to_ip", {N()}), "null");
  EXPECT_EQ(ctx_.data_errors, 0u);
  ExpectDataError("to_ip", {S("999.1.1.1")});
  ExpectDataError("to_ip", {I(1)});
}

}  // namespace
}  // namespace scry
