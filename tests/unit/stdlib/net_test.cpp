#include "stdlib/net.hpp"

#include <gtest/gtest.h>

#include "stdlib/net_value.hpp"

namespace scry {
namespace {

std::string RoundTrip(std::string_view text) {
  std::optional<IpAddress> ip = ParseIp(text);
  return ip ? FormatIp(*ip) : "<invalid>";
}

TEST(NetTest, Ipv4) {
  EXPECT_EQ(RoundTrip("0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(RoundTrip("10.1.2.3"), "10.1.2.3");
  EXPECT_EQ(RoundTrip("255.255.255.255"), "255.255.255.255");
  std::optional<IpAddress> ip = ParseIp("192.168.0.1");
  ASSERT_TRUE(ip);
  EXPECT_EQ(ip->family, 4);
  EXPECT_EQ(ip->bytes[0], 192);
  EXPECT_EQ(ip->bytes[3], 1);
  for (std::string_view bad :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1.2.3.04", "1..2.3",
        "1.2.3.4 ", " 1.2.3.4", "a.b.c.d", "1.2.3.4/8", "1234.1.1.1", "1.2.3.", ".1.2.3"}) {
    EXPECT_FALSE(ParseIp(bad).has_value()) << bad;
  }
}

TEST(NetTest, Ipv6Rfc5952Output) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"::", "::"},
           {"::1", "::1"},
           {"1::", "1::"},
           {"2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
           {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},     // first of equal runs
           {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // one zero group stays
           {"2001:db8::0:1", "2001:db8::1"},
           {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},  // longest run wins
           {"fe80::1:2", "fe80::1:2"},
           {"FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
           {"::1.2.3.4", "::102:304"},
           {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
           {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
           {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
       }) {
    EXPECT_EQ(RoundTrip(c.in), c.out) << c.in;
  }
}

TEST(NetTest, Ipv4MappedBecomesIpv4) {
  std::optional<IpAddress> ip = ParseIp("::ffff:10.0.0.1");
  ASSERT_TRUE(ip);
  EXPECT_EQ(ip->family, 4);
  EXPECT_EQ(FormatIp(*ip), "10.0.0.1");
  EXPECT_EQ(RoundTrip("::FFFF:0a00:0001"), "10.0.0.1");
  IpAddress mapped;
  mapped.family = 16;
  mapped.bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 1};
  EXPECT_EQ(FormatIp(mapped), "::ffff:192.0.2.1");
}

TEST(NetTest, Ipv6Rejects) {
  for (std::string_view bad : {":", ":::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9",
                               "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "g::1",
                               "::1.2.3", "::1.2.3.4.5", "1.2.3.4::", "1:2:3:4:5:6:7:1.2.3.4",
                               "::256.1.1.1", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7:8::"}) {
    EXPECT_FALSE(ParseIp(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseIp("1:2:3:4:5:6:1.2.3.4").has_value());
  EXPECT_TRUE(ParseIp("1:2:3:4:5::1.2.3.4").has_value());
}

TEST(NetTest, CidrParseClearsHostBits) {
  struct Case {
    std::string_view in;
    std::string_view out;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"10.0.0.0/8", "10.0.0.0/8"},
           {"10.1.2.3/8", "10.0.0.0/8"},
           {"192.168.1.77/23", "192.168.0.0/23"},
           {"1.2.3.4", "1.2.3.4/32"},
           {"0.0.0.0/0", "0.0.0.0/0"},
           {"255.255.255.255/31", "255.255.255.254/31"},
           {"fe80::1/10", "fe80::/10"},
           {"2001:db8::/32", "2001:db8::/32"},
           {"::1", "::1/128"},
           {"::/0", "::/0"},
           {"::ffff:10.9.0.0/104", "10.0.0.0/8"},
       }) {
    std::optional<CidrRange> range = ParseCidr(c.in);
    ASSERT_TRUE(range.has_value()) << c.in;
    EXPECT_EQ(FormatCidr(*range), c.out) << c.in;
  }
  for (std::string_view bad :
       {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "::/129", "/8", "10.0.0.0/x",
        "::ffff:10.0.0.0/95", "10.0.0/8", "10.0.0.0/0008"}) {
    EXPECT_FALSE(ParseCidr(bad).has_value()) << bad;
  }
}

TEST(NetTest, Containment) {
  auto contains = [](std::string_view cidr, std::string_view ip) {
    return CidrContains(*ParseCidr(cidr), *ParseIp(ip));
  };
  EXPECT_TRUE(contains("10.0.0.0/8", "10.255.255.255"));
  EXPECT_FALSE(contains("10.0.0.0/8", "11.0.0.0"));
  EXPECT_TRUE(contains("172.16.0.0/12", "172.31.255.1"));
  EXPECT_FALSE(contains("172.16.0.0/12", "172.32.0.1"));
  EXPECT_TRUE(contains("0.0.0.0/0", "8.8.8.8"));
  EXPECT_FALSE(contains("0.0.0.0/0", "::1"));  // families never mix
  EXPECT_TRUE(contains("::/0", "::1"));
  EXPECT_TRUE(contains("1.2.3.4/32", "1.2.3.4"));
  EXPECT_FALSE(contains("1.2.3.4/32", "1.2.3.5"));
  EXPECT_TRUE(contains("fe80::/10", "febf:ffff::1"));
  EXPECT_FALSE(contains("fe80::/10", "fec0::1"));
  EXPECT_TRUE(contains("10.0.0.0/8", "::ffff:10.1.1.1"));
  EXPECT_TRUE(contains("2001:db8::/127", "2001:db8::1"));
  EXPECT_FALSE(contains("2001:db8::/127", "2001:db8::2"));
}

TEST(NetTest, MakeCidr) {
  EXPECT_EQ(FormatCidr(MakeCidr(*ParseIp("10.20.30.40"), 12)), "10.16.0.0/12");
  EXPECT_EQ(FormatCidr(MakeCidr(*ParseIp("2001:db8::ffff"), 120)), "2001:db8::ff00/120");
}

TEST(NetTest, Values) {
  Arena arena;
  Value ip = IpValue(*ParseIp("2001:db8::1"), arena);
  EXPECT_EQ(ip.kind, ValueKind::kIp);
  EXPECT_EQ(ip.len, 16u);
  EXPECT_EQ(FormatIp(IpFromValue(ip)), "2001:db8::1");
  Value cidr = CidrValue(*ParseCidr("10.0.0.0/8"), arena);
  EXPECT_EQ(cidr.kind, ValueKind::kCidr);
  EXPECT_EQ(cidr.len, 4u);
  EXPECT_EQ(cidr.bytes[16], 8);
  EXPECT_EQ(FormatCidr(CidrFromValue(cidr)), "10.0.0.0/8");
  EXPECT_TRUE(ValueAsIp(Value::String("10.0.0.1")).has_value());
  EXPECT_FALSE(ValueAsIp(Value::String("host")).has_value());
  EXPECT_FALSE(ValueAsIp(Value::Int(167772161)).has_value());
  EXPECT_TRUE(ValueAsCidr(Value::String("10.0.0.0/8")).has_value());
  EXPECT_TRUE(ValueAsCidr(cidr).has_value());
}

}  // namespace
}  // namespace scry
