#include "bench/rule_generator.hpp"

#include <random>
#include <vector>

#include <fmt/format.h>

namespace scry::bench {

namespace {

// Vocabulary in the style of the Sigma corpus' Windows rules: what they test, on which fields.
const std::vector<std::string> kImages = {
    "powershell.exe",  "pwsh.exe",     "cmd.exe",      "rundll32.exe", "regsvr32.exe",
    "mshta.exe",       "wscript.exe",  "cscript.exe",  "certutil.exe", "bitsadmin.exe",
    "schtasks.exe",    "wmic.exe",     "net.exe",      "net1.exe",     "reg.exe",
    "sc.exe",          "vssadmin.exe", "wevtutil.exe", "bcdedit.exe",  "msiexec.exe",
    "installutil.exe", "regasm.exe",   "msbuild.exe",  "odbcconf.exe", "forfiles.exe",
    "whoami.exe",      "nltest.exe",   "dsquery.exe",  "adfind.exe",   "procdump.exe",
    "psexec.exe",      "at.exe",       "taskkill.exe", "netsh.exe",    "curl.exe",
    "hh.exe",          "control.exe",  "explorer.exe", "winword.exe",  "excel.exe"};
const std::vector<std::string> kCommandTokens = {" -enc ",
                                                 " -nop ",
                                                 "downloadstring",
                                                 "invoke-expression",
                                                 "iex(",
                                                 "frombase64",
                                                 "-urlcache",
                                                 "/transfer",
                                                 "/create",
                                                 "/delete",
                                                 "shadowcopy",
                                                 "delete shadows",
                                                 "resize shadowstorage",
                                                 "clear-log",
                                                 " cl ",
                                                 "lsass",
                                                 "sekurlsa",
                                                 "comsvcs",
                                                 "minidump",
                                                 "/priv",
                                                 "domain trusts",
                                                 "localgroup administrators",
                                                 "add-mppreference",
                                                 "-exclusionpath",
                                                 "bypass",
                                                 "hidden",
                                                 "javascript:",
                                                 "vbscript:",
                                                 "http://",
                                                 "https://",
                                                 "\\\\users\\\\public\\\\",
                                                 "\\\\appdata\\\\local\\\\temp\\\\",
                                                 "\\\\programdata\\\\",
                                                 "advfirewall",
                                                 "portproxy",
                                                 "recoverydisabled",
                                                 "safeboot",
                                                 "ntds.dit",
                                                 "\\\\system32\\\\config\\\\sam",
                                                 "-decode",
                                                 "-split",
                                                 ".hta",
                                                 ".sct"};
const std::vector<std::string> kRegistryKeys = {
    "\\\\CurrentVersion\\\\Run", "\\\\CurrentVersion\\\\RunOnce",
    "\\\\Services\\\\",          "\\\\Image File Execution Options\\\\",
    "\\\\Winlogon\\\\Shell",     "\\\\Winlogon\\\\Userinit",
    "\\\\Windows Defender\\\\",  "\\\\Control\\\\SecurityProviders",
    "\\\\Environment\\\\windir", "\\\\Office\\\\",
    "\\\\AppInit_DLLs",          "\\\\Policies\\\\Explorer\\\\Run"};
const std::vector<std::string> kDlls = {"dbghelp.dll",
                                        "dbgcore.dll",
                                        "vaultcli.dll",
                                        "samlib.dll",
                                        "wmiutils.dll",
                                        "clr.dll",
                                        "system.management.automation.dll",
                                        "comsvcs.dll"};
const std::vector<std::string> kScriptTokens = {
    "Invoke-Mimikatz", "Get-GPPPassword",    "AmsiUtils", "VirtualAlloc",     "Reflection.Assembly",
    "Net.WebClient",   "Start-BitsTransfer", "DumpCreds", "Invoke-Shellcode", "Get-Keystrokes"};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::string Rule(size_t index) {
    std::string body;
    switch (index % 10) {
      case 0:
      case 1:
      case 2:
        body = fmt::format(
            "from windows.process_creation\n  | where Image endswith {} and CommandLine contains "
            "any [{}, {}, {}]",
            Quoted("\\\\" + Pick(kImages)), Quoted(Pick(kCommandTokens)),
            Quoted(Pick(kCommandTokens)), Quoted(Pick(kCommandTokens)));
        break;
      case 3:
        body = fmt::format(
            "from windows.process_creation\n  | where ParentImage endswith any [{}, {}] and Image "
            "endswith any [{}, {}, {}]",
            Quoted("\\\\" + Pick(kImages)), Quoted("\\\\" + Pick(kImages)),
            Quoted("\\\\" + Pick(kImages)), Quoted("\\\\" + Pick(kImages)),
            Quoted("\\\\" + Pick(kImages)));
        break;
      case 4:
        body = fmt::format(
            "from windows.process_creation\n  | where CommandLine contains all [{}, {}] and not "
            "User contains any [\"SYSTEM\", \"NETWORK SERVICE\"]",
            Quoted(Pick(kCommandTokens)), Quoted(Pick(kCommandTokens)));
        break;
      case 5:
        body = fmt::format(
            "from windows.registry_event\n  | where TargetObject contains {} and Details "
            "contains any [{}, {}]",
            Quoted(Pick(kRegistryKeys)), Quoted(Pick(kCommandTokens)),
            Quoted(Pick(kCommandTokens)));
        break;
      case 6:
        body = fmt::format(
            "from windows.image_load\n  | where ImageLoaded endswith {} and not Image startswith "
            "any [r\"C:\\Windows\\System32\\\", r\"C:\\Program Files\\\"]",
            Quoted("\\\\" + Pick(kDlls)));
        break;
      case 7:
        body = fmt::format(
            "from windows.process_access\n  | where TargetImage endswith r\"\\lsass.exe\" and "
            "GrantedAccess in~ (\"0x1010\", \"0x1410\", \"0x1fffff\") and SourceImage endswith {}",
            Quoted("\\\\" + Pick(kImages)));
        break;
      case 8:
        body = fmt::format(
            "from windows.process_creation\n  | where CommandLine matches re\"(?i){}\\s+.*{}\" "
            "and Image endswith {}",
            Word(), Word(), Quoted("\\\\" + Pick(kImages)));
        break;
      default:
        body =
            fmt::format("from windows.ps_script\n  | where ScriptBlockText contains any [{}, {}]",
                        Quoted(Pick(kScriptTokens)), Quoted(Pick(kScriptTokens)));
        break;
    }
    return fmt::format(
        "rule generated_{} {{\n  title: \"generated rule {}\"\n  level: {}\n  tags: "
        "[attack.t{}]\n  {}\n}}\n",
        index, index, Pick({"low", "medium", "high", "critical"}), 1000 + index % 600, body);
  }

 private:
  const std::string& Pick(const std::vector<std::string>& options) {
    return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng_)];
  }
  std::string Pick(std::initializer_list<const char*> options) {
    return *(options.begin() + std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng_));
  }
  std::string Word() {
    std::string word = Pick(kImages);
    return word.substr(0, word.find('.'));
  }
  static std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

  std::mt19937 rng_;
};

}  // namespace

std::string GenerateRules(size_t count, uint32_t seed) {
  Generator generator(seed);
  std::string text;
  for (size_t i = 0; i < count; ++i) {
    text += generator.Rule(i);
  }
  return text;
}

std::string OneRule() {
  return R"(rule encoded_powershell {
  title: "PowerShell started with an encoded command"
  level: high
  from windows.process_creation
  | where Image endswith any [r"\powershell.exe", r"\pwsh.exe"]
      and CommandLine contains any [" -enc ", " -encodedcommand ", " -ec "]
}
)";
}

}  // namespace scry::bench
