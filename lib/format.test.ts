import { describe, expect, it } from "vitest";
import { browserAndSystem, deviceName } from "./format";

describe("browserAndSystem", () => {
  it("names the browser and the system", () => {
    expect(
      browserAndSystem("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"),
    ).toBe("Chrome on macOS");
    expect(
      browserAndSystem(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iOS");
    expect(
      browserAndSystem(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
      ),
    ).toBe("Edge on Windows");
    expect(browserAndSystem("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox on Linux");
    expect(
      browserAndSystem("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"),
    ).toBe("Chrome on Android");
  });

  it("names nothing for API clients; deviceName then shows the raw agent", () => {
    expect(browserAndSystem(null)).toBeNull();
    expect(browserAndSystem("curl/8.5.0")).toBeNull();
    expect(deviceName("curl/8.5.0")).toBe("curl/8.5.0");
    expect(deviceName(null)).toBe("Unknown device");
  });
});
