-- Reserved for work in progress (0007_web_work); intentionally empty.
SELECT 1;
